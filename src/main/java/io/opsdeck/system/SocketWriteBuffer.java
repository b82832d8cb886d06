package io.opsdeck.system;

import org.apache.catalina.connector.Connector;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * The size of Tomcat's per-connection socket write buffer ({@code socket.appWriteBufSize}, Tomcat's default 8 KiB):
 * every response leaves through it, one {@code write(2)} per buffer full, whatever the response buffer. For a log
 * replay (100 MB in one response) 8 KiB meant ~12,800 system calls per 100 MB on Opsdeck's side and as many small
 * reads for the client (issue 8, scenario 5: 64 KiB cut the replay's CPU in Opsdeck and in {@code curl}; see
 * {@code bench/perf/replay.md}). The buffer is a heap array held for as long as a connection is open (Tomcat does
 * not pool them under a heap below 2 GiB), so 64 KiB costs ~56 KiB more per open connection than Tomcat's default:
 * ~5.6 MB for 100 event-stream viewers.
 */
@Component
class SocketWriteBuffer implements TomcatConnectorCustomizer {

	/** The smallest and largest sizes accepted; Tomcat's default is the smallest. */
	static final DataSize MIN = DataSize.ofKilobytes(8);

	static final DataSize MAX = DataSize.ofMegabytes(1);

	private final DataSize size;

	/**
	 * @param size {@code opsdeck.http.socket-write-buffer}, 8 KB to 1 MB
	 * @throws IllegalArgumentException if outside that range
	 */
	SocketWriteBuffer(@Value("${opsdeck.http.socket-write-buffer:64KB}") DataSize size) {
		if (size.compareTo(MIN) < 0 || size.compareTo(MAX) > 0) {
			throw new IllegalArgumentException(
					"opsdeck.http.socket-write-buffer must be between 8KB and 1MB, was " + size.toBytes() + " bytes");
		}
		this.size = size;
	}

	@Override
	public void customize(Connector connector) {
		if (!connector.setProperty("socket.appWriteBufSize", Long.toString(size.toBytes()))) {
			throw new IllegalStateException("Tomcat did not take socket.appWriteBufSize");
		}
	}

}

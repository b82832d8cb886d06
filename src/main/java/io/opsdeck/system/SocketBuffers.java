package io.opsdeck.system;

import org.apache.catalina.connector.Connector;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Tomcat's per-connection socket buffers, which every response leaves through whatever its response buffer:
 * <ul>
 * <li>the write buffer's size ({@code socket.appWriteBufSize}, Tomcat's default 8 KiB): one {@code write(2)} per
 * buffer full. For a log replay (100 MB in one response) 8 KiB meant ~12,800 system calls per 100 MB, 64 KiB ~1,600,
 * and {@code curl} reading them spent ~10 % less CPU;</li>
 * <li>direct buffers ({@code socket.directBuffer}, Tomcat's default off): the JDK copies a heap buffer into a
 * temporary direct one before each {@code write(2)} and after each {@code read(2)}; a direct buffer skips that copy
 * of every byte.</li>
 * </ul>
 * Issue 8, scenario 5; measured in docs/benchmarks.md ("Fifth round: replay of a 100 MB log"). Cost: the buffers
 * are held for as long as a connection is open (Tomcat does not pool them under a heap below 2 GiB, and frees direct
 * ones when the connection closes), so 64 KiB costs ~56 KiB more per open connection than Tomcat's default, ~5.6 MB
 * for 100 event-stream viewers, outside the heap when direct (the JVM caps direct memory at the heap's size unless
 * told otherwise).
 */
@Component
class SocketBuffers implements TomcatConnectorCustomizer {

	/** The smallest and largest write buffers accepted; Tomcat's default is the smallest. */
	static final DataSize MIN = DataSize.ofKilobytes(8);

	static final DataSize MAX = DataSize.ofMegabytes(1);

	private final DataSize writeBuffer;

	private final boolean direct;

	/**
	 * @param writeBuffer {@code opsdeck.http.socket-write-buffer}, 8 KB to 1 MB
	 * @param direct {@code opsdeck.http.socket-direct-buffers}
	 * @throws IllegalArgumentException if the size is outside that range
	 */
	SocketBuffers(@Value("${opsdeck.http.socket-write-buffer:64KB}") DataSize writeBuffer,
			@Value("${opsdeck.http.socket-direct-buffers:true}") boolean direct) {
		if (writeBuffer.compareTo(MIN) < 0 || writeBuffer.compareTo(MAX) > 0) {
			throw new IllegalArgumentException("opsdeck.http.socket-write-buffer must be between 8KB and 1MB, was "
					+ writeBuffer.toBytes() + " bytes");
		}
		this.writeBuffer = writeBuffer;
		this.direct = direct;
	}

	@Override
	public void customize(Connector connector) {
		set(connector, "socket.appWriteBufSize", Long.toString(writeBuffer.toBytes()));
		set(connector, "socket.directBuffer", Boolean.toString(direct));
	}

	private static void set(Connector connector, String name, String value) {
		if (!connector.setProperty(name, value)) {
			throw new IllegalStateException("Tomcat did not take " + name);
		}
	}

}

package io.opsdeck.system;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** {@link SocketBuffers}: the settings reach Tomcat's connector; write buffers outside 8 KB to 1 MB refuse to start. */
class SocketBuffersTests {

	@Test
	void setsTheConnectorsSocketBuffers() {
		Connector connector = new Connector();
		assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString("8192");
		assertThat(connector.getProperty("socket.directBuffer")).hasToString("false");
		new SocketBuffers(DataSize.ofKilobytes(64), true).customize(connector);
		assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString("65536");
		assertThat(connector.getProperty("socket.directBuffer")).hasToString("true");

		Connector heap = new Connector();
		new SocketBuffers(DataSize.ofKilobytes(32), false).customize(heap);
		assertThat(heap.getProperty("socket.appWriteBufSize")).hasToString("32768");
		assertThat(heap.getProperty("socket.directBuffer")).hasToString("false");
	}

	@Test
	void refusesWriteBuffersOutsideTheRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SocketBuffers(DataSize.ofKilobytes(4), true))
			.withMessageContaining("opsdeck.http.socket-write-buffer");
		assertThatIllegalArgumentException().isThrownBy(() -> new SocketBuffers(DataSize.ofMegabytes(2), true));
		new SocketBuffers(SocketBuffers.MIN, true);
		new SocketBuffers(SocketBuffers.MAX, true);
	}

}

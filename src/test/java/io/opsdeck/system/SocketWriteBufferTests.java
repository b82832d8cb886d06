package io.opsdeck.system;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** {@link SocketWriteBuffer}: the size reaches Tomcat's connector; sizes outside 8 KB to 1 MB refuse to start. */
class SocketWriteBufferTests {

	@Test
	void setsTheConnectorsSocketWriteBuffer() {
		Connector connector = new Connector();
		assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString("8192");
		new SocketWriteBuffer(DataSize.ofKilobytes(64)).customize(connector);
		assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString("65536");
	}

	@Test
	void refusesSizesOutsideTheRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SocketWriteBuffer(DataSize.ofKilobytes(4)))
			.withMessageContaining("opsdeck.http.socket-write-buffer");
		assertThatIllegalArgumentException().isThrownBy(() -> new SocketWriteBuffer(DataSize.ofMegabytes(2)));
		new SocketWriteBuffer(SocketWriteBuffer.MIN);
		new SocketWriteBuffer(SocketWriteBuffer.MAX);
	}

}

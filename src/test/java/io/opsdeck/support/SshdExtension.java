package io.opsdeck.support;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real OpenSSH {@code sshd} ({@link SshdServer}) for the tests of one class: started before the class's first
 * {@code @BeforeAll} method, stopped (with every session it forked) after its last {@code @AfterAll} method.
 * Register it on a static field:
 * <pre>
 * &#64;RegisterExtension
 * static final SshdExtension sshd = SshdExtension.on("127.0.0.90").skippedWithoutSshd();
 * </pre>
 * and reach the server through {@link #server()}.
 */
public final class SshdExtension implements BeforeAllCallback, AfterAllCallback {

	private final String address;

	private final boolean skippedWithoutSshd;

	private @Nullable SshdServer server;

	/** The class whose tests started {@link #server} ({@code @Nested} classes share it). */
	private @Nullable Class<?> startedFor;

	private SshdExtension(String address, boolean skippedWithoutSshd) {
		this.address = address;
		this.skippedWithoutSshd = skippedWithoutSshd;
	}

	/**
	 * @param address the loopback address sshd listens on (a free port is chosen), e.g. {@code 127.0.0.90}
	 * @return an extension whose class fails when this machine has no sshd
	 */
	public static SshdExtension on(String address) {
		return new SshdExtension(address, false);
	}

	/** @return this extension, but the class is skipped (an assumption) when this machine has no sshd */
	public SshdExtension skippedWithoutSshd() {
		return new SshdExtension(this.address, true);
	}

	/**
	 * @return the running sshd
	 * @throws IllegalStateException before the class's tests start or after they ended
	 */
	public SshdServer server() {
		if (this.server == null) {
			throw new IllegalStateException("sshd on " + this.address + " runs only while the class's tests run");
		}
		return this.server;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		if (this.server != null) {
			return;
		}
		if (this.skippedWithoutSshd) {
			assumeTrue(SshdServer.isAvailable(), "needs OpenSSH sshd");
		}
		this.server = SshdServer.start(this.address);
		this.startedFor = context.getRequiredTestClass();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.server != null && context.getRequiredTestClass() == this.startedFor) {
			this.server.close();
			this.server = null;
			this.startedFor = null;
		}
	}

}

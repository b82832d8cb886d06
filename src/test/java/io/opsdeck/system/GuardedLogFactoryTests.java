package io.opsdeck.system;

import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.log.LogMessage;

import static org.assertj.core.api.Assertions.assertThat;

/** Spring's logging renders a message only when its level is on ({@link GuardedLogFactory}). */
@ExtendWith(OutputCaptureExtension.class)
class GuardedLogFactoryTests {

	@Test
	void commonsLoggingUsesTheGuardedFactory() {
		assertThat(LogFactory.getFactory()).isInstanceOf(GuardedLogFactory.class);
		assertThat(LogFactory.getLog("io.opsdeck.test")).isInstanceOf(GuardedLogFactory.GuardedLog.class);
	}

	@Test
	void aMessageOfADisabledLevelIsNeverRendered(CapturedOutput output) {
		String name = "io.opsdeck.test.guarded";
		ch.qos.logback.classic.Logger backend = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
			.getLogger(name);
		backend.setLevel(Level.INFO);
		Log log = LogFactory.getLog(name);
		AtomicInteger rendered = new AtomicInteger();

		log.debug(LogMessage.of(() -> "debug " + rendered.incrementAndGet()));
		log.trace(LogMessage.of(() -> "trace " + rendered.incrementAndGet()));
		assertThat(rendered).hasValue(0);

		log.info(LogMessage.of(() -> "shown-" + rendered.incrementAndGet()));
		assertThat(rendered).hasValue(1);
		assertThat(output).contains("shown-1").contains(name);
	}

}

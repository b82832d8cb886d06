package io.opsdeck;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.annotation.Scheduled;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps periodic work out of the start (issue 8, start-up to ready; docs/benchmarks.md, "7. Start-up, eleventh
 * round"): a {@code @Scheduled} method without a positive initial delay runs when the context is refreshed, i.e.
 * while Opsdeck still starts (Tomcat, Quartz, the ready listeners), and competes with the start for the two cores.
 * Work that should happen right after the start listens for readiness instead ({@code whenReady} in the gauges).
 */
class StartupWorkTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(new ImportOption.DoNotIncludeTests())
		.importPackages("io.opsdeck");

	@Test
	void noScheduledMethodRunsWhileOpsdeckStarts() {
		List<String> atStart = CLASSES.stream()
			.flatMap((JavaClass type) -> type.getMethods().stream())
			.filter((JavaMethod method) -> method.isAnnotatedWith(Scheduled.class))
			.filter((JavaMethod method) -> runsAtStart(method.getAnnotationOfType(Scheduled.class)))
			.map(JavaMethod::getFullName)
			.toList();
		assertThat(atStart).isEmpty();
	}

	@Test
	void theRuleSeesAScheduledMethodWithoutInitialDelay() throws NoSuchMethodException {
		Scheduled immediate = Examples.class.getDeclaredMethod("immediate").getAnnotation(Scheduled.class);
		Scheduled zero = Examples.class.getDeclaredMethod("zero").getAnnotation(Scheduled.class);
		Scheduled delayed = Examples.class.getDeclaredMethod("delayed").getAnnotation(Scheduled.class);
		Scheduled cron = Examples.class.getDeclaredMethod("cron").getAnnotation(Scheduled.class);
		assertThat(runsAtStart(immediate)).isTrue();
		assertThat(runsAtStart(zero)).isTrue();
		assertThat(runsAtStart(delayed)).isFalse();
		assertThat(runsAtStart(cron)).isFalse();
	}

	/**
	 * @return whether Spring runs the method as soon as the context is refreshed: a fixed delay or rate without an
	 * initial delay (the default, -1, means none) or with 0
	 */
	private static boolean runsAtStart(Scheduled scheduled) {
		if (!scheduled.cron().isEmpty()) {
			return false;
		}
		return scheduled.initialDelay() <= 0 && scheduled.initialDelayString().isEmpty();
	}

	@SuppressWarnings("unused")
	private static final class Examples {

		@Scheduled(fixedDelay = 1000)
		void immediate() {
		}

		@Scheduled(initialDelay = 0, fixedDelay = 1000)
		void zero() {
		}

		@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1M")
		void delayed() {
		}

		@Scheduled(cron = "0 0 * * * *")
		void cron() {
		}

	}

}

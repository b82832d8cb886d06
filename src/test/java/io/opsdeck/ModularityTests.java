package io.opsdeck;

import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.opsdeck.support.DocsOutput;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the module boundaries of docs/architecture.md true: modules use only each other's root packages, there are
 * no cycles, and the libraries that belong to one module stay there.
 */
class ModularityTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(new ImportOption.DoNotIncludeTests())
		.importPackages("io.opsdeck");

	/**
	 * Analysed once for the class: every analysis imports the application's classes and resolves their dependencies
	 * from the class path again (tens of seconds on CI), and JUnit makes a new instance for every test.
	 */
	private static final ApplicationModules MODULES = ApplicationModules.of(OpsdeckApplication.class,
			new ImportOption.DoNotIncludeTests());

	private final ApplicationModules modules = MODULES;

	@Test
	void modulesOnlyUseEachOthersPublicApi() {
		modules.verify();
	}

	@Test
	void sshjStaysInTheRunEngineAndKeyParsing() {
		ArchRule rule = noClasses().that()
			.resideOutsideOfPackages("io.opsdeck.execution.internal..", "io.opsdeck.credentials.internal..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("net.schmizz..", "com.hierynomus..");
		rule.check(CLASSES);
	}

	/**
	 * The AWS SDK stays behind two modules' internals: backups (S3) and the cloud firewall (EC2 security groups, seed:
	 * "Security Groups configured for ports 22, 80, 443"). Both talk to AWS for one narrow purpose each; neither
	 * exposes SDK types in its API.
	 */
	@Test
	void theAwsSdkStaysInTheBackupsAndCloudFirewallInternals() {
		ArchRule rule = noClasses().that()
			.resideOutsideOfPackages("io.opsdeck.backups.internal..", "io.opsdeck.cloudfirewall.internal..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("software.amazon.awssdk..");
		rule.check(CLASSES);
	}

	@Test
	void noModuleStartsAShellWithUserText() {
		ArchRule rule = noClasses().that()
			.resideOutsideOfPackages("io.opsdeck.execution.internal..")
			.should()
			.dependOnClassesThat()
			.areAssignableTo(ProcessBuilder.class);
		rule.check(CLASSES);
	}

	@Test
	void writesTheModuleDiagram() {
		Path folder = DocsOutput.directory("modules");
		new Documenter(modules, Documenter.Options.defaults().withOutputFolder(folder.toString()))
			.writeModulesAsPlantUml()
			.writeModuleCanvases();
		assertThat(folder.resolve("components.puml")).content()
			.contains("Execution")
			.contains("Inventory")
			.contains("Credentials")
			.contains("Rel(");
	}

}

package io.opsdeck;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
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

	private final ApplicationModules modules = ApplicationModules.of(OpsdeckApplication.class,
			new ImportOption.DoNotIncludeTests());

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
		new Documenter(modules, Documenter.Options.defaults().withOutputFolder("docs/modules"))
			.writeModulesAsPlantUml()
			.writeModuleCanvases();
		assertThat(java.nio.file.Path.of("docs/modules/components.puml")).content()
			.contains("Execution")
			.contains("Inventory")
			.contains("Credentials")
			.contains("Rel(");
	}

}

package io.pentimento;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The engine is a library: it must run headless, from the CLI and from tests, without JavaFX. */
@AnalyzeClasses(packages = "io.pentimento", importOptions = ImportOption.DoNotIncludeTests.class)
class EngineArchitectureTest {

    @ArchTest
    static final ArchRule engineHasNoJavaFx = noClasses().that().resideInAPackage("io.pentimento.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..")
            .because("the engine runs on a worker and in the CLI; the studio adapts it to JavaFX");

    @ArchTest
    static final ArchRule engineDoesNotKnowTheStudioOrCli = noClasses().that().resideInAPackage("io.pentimento.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("io.pentimento.studio..", "io.pentimento.cli..");
}

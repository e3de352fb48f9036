package io.pentimento.studio;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** MVVM in the studio: state and logic stay testable without the toolkit; the store knows nothing of the UI. */
@AnalyzeClasses(packages = "io.pentimento", importOptions = ImportOption.DoNotIncludeTests.class)
class StudioArchitectureTest {

    @ArchTest
    static final ArchRule viewModelsHaveNoScene = noClasses().that().haveSimpleNameEndingWith("ViewModel")
            .or().haveSimpleName("RunCoordinator").or().haveSimpleName("StudioContext")
            .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..",
                    "org.controlsfx..", "atlantafx..", "org.kordamp..")
            .because("ViewModels are tested as plain JUnit, without the JavaFX toolkit");

    @ArchTest
    static final ArchRule storeIsNotUi = noClasses().that().resideInAPackage("io.pentimento.store..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.pentimento.studio..")
            .because("the gallery files and database serve the CLI and tests too");

    @ArchTest
    static final ArchRule generateDoesNotKnowOtherFeatures = noClasses()
            .that().resideInAPackage("io.pentimento.studio.generate..")
            .should().dependOnClassesThat().resideInAnyPackage("io.pentimento.studio.timeline..",
                    "io.pentimento.studio.gallery..")
            .because("other features follow runs through RunObserver; generate stays the start of the walk");
}

package fr.tocsin.console;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import fr.tocsin.testsupport.ArchitectureRules;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The package rules of docs/ARCHITECTURE.md, and the console's own shape: resources → logic → clients (the
 * services' APIs, where every other service has persistence): a client knows nothing of the logic or the pages.
 */
class ArchitectureTest {

    @TestFactory
    Stream<DynamicTest> packageRules() {
        return ArchitectureRules.of("fr.tocsin.console");
    }

    @Test
    void clientsDependOnNoLogicOrPage() {
        JavaClasses console = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("fr.tocsin.console");
        noClasses().that().resideInAPackage("fr.tocsin.console..client..")
                .should().dependOnClassesThat(resideInAPackage("fr.tocsin.console..")
                        .and(com.tngtech.archunit.base.DescribedPredicate.not(resideInAPackage("fr.tocsin.console..client.."))))
                .because("dependencies point one way: resources → logic → clients")
                .check(console);
    }
}

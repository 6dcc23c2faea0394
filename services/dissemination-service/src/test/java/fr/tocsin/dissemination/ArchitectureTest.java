package fr.tocsin.dissemination;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import fr.tocsin.testsupport.ArchitectureRules;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The package rules of docs/ARCHITECTURE.md: by feature, resources → logic → persistence, SQL in persistence; and
 * this service's own shape (its README): the three features, pages, notices and feeds, use none of each other, only
 * what lies under them — the read model, the render cache, the web edge, the configuration.
 */
class ArchitectureTest {

    private static final String ROOT = "fr.tocsin.dissemination";
    private static final List<String> FEATURES = List.of("pages", "notices", "feeds");

    @TestFactory
    Stream<DynamicTest> packageRules() {
        return ArchitectureRules.of(ROOT);
    }

    @TestFactory
    Stream<DynamicTest> featureRules() {
        JavaClasses service = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(ROOT);
        Map<String, ArchRule> rules = new LinkedHashMap<>();
        for (String feature : FEATURES) {
            rules.put(feature + " uses no other feature", noClasses()
                    .that().resideInAPackage(ROOT + "." + feature + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(FEATURES.stream()
                            .filter(other -> !other.equals(feature)).map(other -> ROOT + "." + other + "..")
                            .toArray(String[]::new))
                    .because("what two features share belongs under them (readmodel, rendering, web)"));
        }
        rules.put("the read model knows nothing of what is made of it", noClasses()
                .that().resideInAPackage(ROOT + ".readmodel..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".pages..", ROOT + ".notices..",
                        ROOT + ".feeds..", ROOT + ".rendering..", ROOT + ".web.."));
        rules.put("the render cache depends on the read model only", noClasses()
                .that().resideInAPackage(ROOT + ".rendering..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".pages..", ROOT + ".notices..",
                        ROOT + ".feeds..", ROOT + ".web.."));
        rules.put("the web edge serves notices and feeds only through the render cache", noClasses()
                .that().resideInAPackage(ROOT + ".web..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".notices..", ROOT + ".feeds..")
                .because("HotOutputs answers what the resources rendered, by key; pages lend it their language"));
        rules.put("only the read model reads and writes its tables", noClasses()
                .that().resideOutsideOfPackage(ROOT + ".readmodel..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".readmodel.persistence.."));
        return rules.entrySet().stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getKey(), () -> rule.getValue().check(service)));
    }
}

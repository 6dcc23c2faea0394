package fr.tocsin.testsupport;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.DynamicTest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The package rules every service follows (docs/ARCHITECTURE.md, "Packages by feature"). A service is organised by
 * feature ({@code declaration}, {@code activation}…); inside a feature, {@code rest} holds the resources and their
 * request bodies, the feature's own package its logic, {@code persistence} its entities and queries. Dependencies
 * point one way, resources → logic → persistence. Each service applies them to its root package:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> packageRules() {
 *     return ArchitectureRules.of("fr.tocsin.fallback");
 * }
 * }</pre>
 */
public final class ArchitectureRules {

    private static final Set<String> QUERY_METHODS_OF_ENTITY_MANAGER = Set.of("createNativeQuery", "createQuery",
            "createNamedQuery", "createStoredProcedureQuery");
    /** Panache's methods that take a query string as their first argument (HQL or a where clause). */
    private static final Set<String> QUERY_METHODS_OF_PANACHE = Set.of("find", "list", "stream", "count", "delete",
            "update");

    private ArchitectureRules() {
    }

    /** One test per rule, over the main classes of the service whose root package this is. */
    public static Stream<DynamicTest> of(String rootPackage) {
        JavaClasses service = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(rootPackage);
        if (service.isEmpty()) {
            throw new IllegalArgumentException("No main class under " + rootPackage + ": nothing to check");
        }
        return rules(rootPackage).entrySet().stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getKey(), () -> rule.getValue().check(service)));
    }

    /** The rules by name, in a stable order, for a service rooted at {@code root} (e.g. {@code fr.tocsin.incident}). */
    public static Map<String, ArchRule> rules(String root) {
        String all = root + "..";
        Map<String, ArchRule> rules = new LinkedHashMap<>();
        rules.put("no REST or DTO type outside rest", noClasses()
                .that().resideInAPackage(all).and().resideOutsideOfPackage("..rest..")
                .should().dependOnClassesThat(resideInAnyPackage(root + "..rest..", root + "..dto.."))
                .because("logic takes its own command records; resources map requests to them")
                .allowEmptyShould(true));
        rules.put("resources live in rest", classes()
                .that().resideInAPackage(all).and().areAnnotatedWith("jakarta.ws.rs.Path")
                .and().areNotInterfaces()
                .should().resideInAPackage("..rest..")
                .because("an annotated interface is a REST client of another API (e.g. a network's), not a resource")
                .allowEmptyShould(true));
        rules.put("persistence depends on no logic or resource", noClasses()
                .that().resideInAPackage(root + "..persistence..")
                .should().dependOnClassesThat(resideInAPackage(all)
                        .and(DescribedPredicate.not(resideInAPackage(root + "..persistence.."))))
                .because("dependencies point one way: resources → logic → persistence")
                .allowEmptyShould(true));
        rules.put("query strings only in persistence", noClasses()
                .that().resideInAPackage(all).and().resideOutsideOfPackage("..persistence..")
                .should().callMethodWhere(queryString())
                .orShould().dependOnClassesThat(resideInAnyPackage("java.sql..", "javax.sql..")
                        .or(assignableTo("jakarta.persistence.Query")))
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.quarkus.panache.common.Parameters")
                .because("SQL, JPQL and JDBC live in persistence classes")
                .allowEmptyShould(true));
        return rules;
    }

    /** A call that hands the database a query string: EntityManager's createQuery family, Panache's find(String…). */
    private static DescribedPredicate<JavaMethodCall> queryString() {
        return DescribedPredicate.describe("an EntityManager or Panache method taking a query string", call -> {
            String name = call.getTarget().getName();
            var owner = call.getTarget().getOwner();
            if (owner.isAssignableTo("jakarta.persistence.EntityManager")) {
                return QUERY_METHODS_OF_ENTITY_MANAGER.contains(name);
            }
            boolean panache = owner.isAssignableTo("io.quarkus.hibernate.orm.panache.PanacheEntityBase")
                    || owner.isAssignableTo("io.quarkus.hibernate.orm.panache.PanacheRepositoryBase");
            var parameters = call.getTarget().getRawParameterTypes();
            return panache && QUERY_METHODS_OF_PANACHE.contains(name) && !parameters.isEmpty()
                    && parameters.getFirst().isEquivalentTo(String.class);
        });
    }
}

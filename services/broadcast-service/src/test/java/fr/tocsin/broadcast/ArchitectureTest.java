package fr.tocsin.broadcast;

import fr.tocsin.testsupport.ArchitectureRules;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** The package rules of docs/ARCHITECTURE.md: by feature, resources → logic → persistence, SQL in persistence. */
class ArchitectureTest {

    @TestFactory
    Stream<DynamicTest> packageRules() {
        return ArchitectureRules.of("fr.tocsin.broadcast");
    }
}

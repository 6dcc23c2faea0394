package fr.tocsin.localstack;

import java.nio.file.Path;

/** The JDK the children run on: the one running this JVM, so one JDK check covers everything. */
public final class Jdk {

    public static final int MINIMUM_FEATURE_VERSION = 21;

    private Jdk() {
    }

    public static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public static void requireSupportedVersion() {
        int feature = Runtime.version().feature();
        if (feature < MINIMUM_FEATURE_VERSION) {
            throw new StackException("Java " + feature + " is too old: Tocsin needs a JDK " + MINIMUM_FEATURE_VERSION
                    + " or newer (set JAVA_HOME to one).");
        }
    }
}

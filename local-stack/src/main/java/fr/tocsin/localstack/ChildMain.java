package fr.tocsin.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every child JVM the local stack starts (Kafka broker, services): it runs the real main
 * class and exits when its standard input closes. The parent holds that pipe open, so if the parent
 * dies, even by {@code kill -9}, its children follow instead of lingering as orphans.
 */
public final class ChildMain {

    private ChildMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ChildMain <main class> [args...]");
        }
        Thread watchdog = new Thread(ChildMain::exitWhenParentGone, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    private static void exitWhenParentGone() {
        try (InputStream in = System.in) {
            while (in.read() != -1) {
                // the parent never writes; reading only detects the end of the pipe
            }
        } catch (IOException ignored) {
            // a broken pipe means the same as end of stream
        }
        System.exit(0);
    }
}

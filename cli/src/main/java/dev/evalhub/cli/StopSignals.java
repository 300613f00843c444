package dev.evalhub.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the server's stop on SIGTERM and SIGINT <em>before</em> the JVM's exit begins, then exits
 * with the code the JVM gives those signals (128 + the signal's number: 143, 130).
 *
 * <p>Why: at the JVM's exit every shutdown hook runs at once, and the embedded H2 closes its
 * databases in one of its own ({@code DB_CLOSE_ON_EXIT}, which H2 refuses to turn off with {@code
 * AUTO_SERVER}). The server's stop still writes the index (the clean-stop record, see
 * docs/ARCHITECTURE.md "Clean stops"), so its hook lost that race now and then, and the next start
 * walked every repository. The handlers are {@code sun.misc.Signal}'s, from the {@code
 * jdk.unsupported} module that the JDK exports for this use, reached by reflection so that the
 * build needs no internal API; where they are missing, the shutdown hook stops the server as before
 * (the next start then may walk).
 */
final class StopSignals {

  private static final List<String> SIGNALS = List.of("TERM", "INT");

  private StopSignals() {}

  /**
   * Makes SIGTERM and SIGINT run {@code stop} once on a thread of its own, then exit the JVM with
   * 128 + the signal's number. Returns whether the handlers are installed.
   */
  static boolean install(Runnable stop) {
    AtomicBoolean stopping = new AtomicBoolean();
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Method number = signal.getMethod("getNumber");
      InvocationHandler onSignal =
          (proxy, method, args) -> {
            switch (method.getName()) {
              case "handle":
                int code = 128 + (int) number.invoke(args[0]);
                if (stopping.compareAndSet(false, true)) {
                  Thread thread =
                      new Thread(
                          () -> {
                            try {
                              stop.run();
                            } finally {
                              System.exit(code);
                            }
                          },
                          "evalhub-stop");
                  thread.start();
                }
                return null;
              case "hashCode":
                return System.identityHashCode(proxy);
              case "equals":
                return proxy == args[0];
              default:
                return "evalhub stop signals";
            }
          };
      Object handler =
          Proxy.newProxyInstance(
              handlerType.getClassLoader(), new Class<?>[] {handlerType}, onSignal);
      Method handle = signal.getMethod("handle", signal, handlerType);
      for (String name : SIGNALS) {
        handle.invoke(null, signal.getConstructor(String.class).newInstance(name), handler);
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      System.err.println(
          "evalhub: stopping on the JVM's shutdown hook only: cannot handle SIGTERM/SIGINT: " + e);
      return false;
    }
  }
}

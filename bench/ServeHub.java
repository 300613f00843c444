import dev.evalhub.index.Index;
import dev.evalhub.server.HttpLimits;
import dev.evalhub.server.HubServer;
import dev.evalhub.server.ServerConfig;
import java.nio.file.Path;

/**
 * Serves an existing hub (e.g. one ServingLimits generated with -Ddata=DIR) on a free loopback port, as ServingLimits
 * does (no per-address connection limit), printing "port N" and then serving until killed: a server process of its own,
 * whose CPU time bench/cpu-per-request.sh reads from /proc. Java's source launcher, against a build's jar:
 * {@code java -cp benchmarks/target/benchmarks.jar bench/ServeHub.java DATA_DIR}
 */
public class ServeHub {
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    try (HubServer hub =
        HubServer.start(
            ServerConfig.forTest(data)
                .withDatabase(Index.defaultUrl(data))
                .withHttpLimits(
                    new HttpLimits(HttpLimits.DEFAULT.idleTimeout(), HttpLimits.DEFAULT.minRequestBytesPerSecond(), 0)))) {
      // A clean stop on SIGTERM, so that the next start need not repair and reconcile the hub.
      Runtime.getRuntime().addShutdownHook(new Thread(hub::close));
      System.out.println("port " + hub.port());
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}

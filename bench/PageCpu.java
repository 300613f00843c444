import dev.evalhub.benchmarks.LeaderboardPageBenchmark;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Thread CPU milliseconds per benchmark page (LeaderboardPageBenchmark's two pages, rendered in a loop): unlike JMH's
 * wall time it hardly moves with other processes' load on a shared machine. Prints the median of 7 batches of 200
 * pages after 2,000 warm-up pages. Run against a build's jar (Java's source launcher):
 * {@code java -cp benchmarks/target/benchmarks.jar bench/PageCpu.java}
 */
public class PageCpu {
  public static void main(String[] args) {
    LeaderboardPageBenchmark b = new LeaderboardPageBenchmark();
    b.prepare();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (String which : new String[] {"ranked", "byModel"}) {
      long sink = 0;
      for (int i = 0; i < 2000; i++) sink += (which.equals("ranked") ? b.renderRankedPage() : b.renderPageSortedByModel()).length();
      double[] ms = new double[7];
      for (int r = 0; r < 7; r++) {
        long t = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < 200; i++) sink += (which.equals("ranked") ? b.renderRankedPage() : b.renderPageSortedByModel()).length();
        ms[r] = (mx.getCurrentThreadCpuTime() - t) / 1e6 / 200;
      }
      java.util.Arrays.sort(ms);
      System.out.printf("%s: %.3f ms CPU per page (min %.3f, max %.3f) %d%n", which, ms[3], ms[0], ms[6], sink % 7);
    }
  }
}

package dev.evalhub.storage.internal;

import dev.evalhub.domain.HubException;
import dev.evalhub.storage.RefNames;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

/**
 * The one way a mirror fetches a source's {@code main} over git: with JGit's {@link Transport},
 * objects checked, no tags, each network read within a time-out, the whole fetch within a deadline
 * and the objects written while the pack streams within a byte bound (a {@link Guard} that JGit
 * asks between objects), and no HTTP redirect followed ({@code http.followRedirects=false} in the
 * repository's config, which JGit's HTTP transport reads). Refusals are {@link HubException}s whose
 * messages name the source URL and, for a transport error, JGit's text (the operator's view; the
 * public one is summarized by the service). Stateless.
 */
public final class MirrorFetch {

  private MirrorFetch() {}

  /**
   * Writes {@code http.followRedirects=false} in {@code repository}'s config when it is not there:
   * a mirror never follows a redirect, which could lead its fetches anywhere (internal addresses).
   */
  public static void refuseRedirects(Repository repository) throws IOException {
    StoredConfig config = repository.getConfig();
    if (!"false".equals(config.getString("http", null, "followRedirects"))) {
      config.setString("http", null, "followRedirects", "false");
      config.save();
    }
  }

  /**
   * Fetches the source's {@code main} from {@code gitUrl} into {@code into}'s objects, moving no
   * ref, and returns its commit. {@code into} must refuse redirects ({@link #refuseRedirects}); its
   * objects are what {@code maxBytes} bounds (0: no bound).
   *
   * @throws HubException INVALID when the source cannot be fetched, has no {@code main}, takes
   *     longer than {@code total} or sends more than {@code maxBytes} while the pack streams ("the
   *     fetch ..."), TOO_LARGE when the objects fetched pass {@code maxBytes}
   */
  public static ObjectId fetchMain(
      Repository into, String gitUrl, int timeoutSeconds, Duration total, long maxBytes)
      throws IOException {
    Guard guard = new Guard(Quarantine.objectsOf(into), total, maxBytes);
    URIish uri;
    try {
      uri = new URIish(gitUrl);
    } catch (java.net.URISyntaxException e) {
      throw HubException.invalid("not a git URL: " + gitUrl);
    }
    try (Transport transport = Transport.open(into, uri)) {
      transport.setTimeout(timeoutSeconds);
      transport.setTagOpt(TagOpt.NO_TAGS);
      transport.setCheckFetchedObjects(true);
      try {
        Ref advertised =
            transport
                .fetch(guard, List.of(new RefSpec(RefNames.MAIN)))
                .getAdvertisedRef(RefNames.MAIN);
        if (advertised == null || advertised.getObjectId() == null) {
          throw noMain(gitUrl);
        }
        // The guard looks at most every 100 ms: a pack that ended in between is measured here.
        long bytes = RepositorySize.bytesBelow(Quarantine.objectsOf(into));
        if (maxBytes > 0 && bytes > maxBytes) {
          throw new HubException(
              HubException.Kind.TOO_LARGE,
              "the fetch brought " + bytes + " bytes, over max-pack-bytes (" + maxBytes + ")");
        }
        return advertised.getObjectId();
      } catch (NotSupportedException | TransportException e) {
        Optional<String> stopped = guard.stopped();
        if (stopped.isPresent()) {
          throw HubException.invalid(stopped.get());
        }
        if (e instanceof TransportException && !hasMain(transport)) {
          throw noMain(gitUrl);
        }
        throw HubException.invalid("cannot fetch " + gitUrl + ": " + e.getMessage());
      }
    } catch (NotSupportedException | TransportException e) {
      throw HubException.invalid("cannot fetch " + gitUrl + ": " + e.getMessage());
    }
  }

  private static HubException noMain(String gitUrl) {
    return HubException.invalid(
        gitUrl + " has no main branch (refs/heads/main): a mirror copies main");
  }

  /** Whether the source advertises {@code main}; true when that cannot be told. */
  private static boolean hasMain(Transport transport) {
    try (FetchConnection connection = transport.openFetch()) {
      return connection.getRef(RefNames.MAIN) != null;
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  /**
   * A progress monitor that cancels a fetch past its deadline or once the objects below {@code
   * objects} (where JGit writes the incoming pack) hold more than {@code maxBytes} (checked at most
   * every 100 ms). JGit asks it between objects, so one object's transfer is bounded by the
   * per-read time-out only. Thread-safe enough for JGit's single fetching thread.
   */
  public static final class Guard implements ProgressMonitor {

    private static final long CHECK_NANOS = 100_000_000L;

    private final Path objects;
    private final long deadline;
    private final Duration total;
    private final long maxBytes;
    private long nextCheck;
    private volatile String stopped;

    Guard(Path objects, Duration total, long maxBytes) {
      this.objects = objects;
      this.total = total;
      this.deadline = System.nanoTime() + total.toNanos();
      this.maxBytes = maxBytes;
    }

    /** Why the fetch was cancelled, if it was. */
    public Optional<String> stopped() {
      return Optional.ofNullable(stopped);
    }

    @Override
    public boolean isCancelled() {
      if (stopped != null) {
        return true;
      }
      long now = System.nanoTime();
      if (now - deadline > 0) {
        stopped = "the fetch took longer than " + total.toSeconds() + " s; stopped";
        return true;
      }
      if (maxBytes > 0 && now - nextCheck > 0) {
        nextCheck = now + CHECK_NANOS;
        long bytes;
        try {
          bytes = RepositorySize.bytesBelow(objects);
        } catch (IOException e) {
          return false;
        }
        if (bytes > maxBytes) {
          stopped =
              "the fetch brought more than "
                  + maxBytes
                  + " bytes (max-pack-bytes) while it streamed; stopped";
          return true;
        }
      }
      return false;
    }

    @Override
    public void start(int totalTasks) {}

    @Override
    public void beginTask(String title, int totalWork) {}

    @Override
    public void update(int completed) {}

    @Override
    public void endTask() {}

    @Override
    public void showDuration(boolean enabled) {}
  }
}

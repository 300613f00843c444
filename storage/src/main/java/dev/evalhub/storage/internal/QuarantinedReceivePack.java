package dev.evalhub.storage.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * A JGit receive-pack over a {@link Quarantine}: the pack is written into the quarantine, the
 * pre-receive hook lands it once the push is accepted, and the quarantine is deleted when receiving
 * ends, whatever happened. Git's automatic housekeeping runs on the real repository afterwards, as
 * JGit would have run it. One per push.
 */
public final class QuarantinedReceivePack extends ReceivePack {

  private final Quarantine quarantine;
  private final Repository target;

  public QuarantinedReceivePack(Quarantine quarantine, Repository target) {
    super(quarantine.repository());
    this.quarantine = quarantine;
    this.target = target;
    // Housekeeping of the quarantine itself would be pointless: it runs on the real repository
    // below.
    quarantine.repository().getConfig().setBoolean("receive", null, "autogc", false);
  }

  @SuppressWarnings("try") // the section is held for the try block, never referenced in it
  @Override
  public void receive(InputStream input, OutputStream output, OutputStream messages)
      throws IOException {
    // One section from the refs' moves to their events' append (the post-receive hook).
    try (WriteSections.Section writing = WriteSections.begin()) {
      super.receive(input, output, messages);
    } finally {
      finish();
    }
  }

  @SuppressWarnings("try") // the section is held for the try block, never referenced in it
  @Override
  public void receiveWithExceptionPropagation(
      InputStream input, OutputStream output, OutputStream messages) throws IOException {
    // One section from the refs' moves to their events' append (the post-receive hook).
    try (WriteSections.Section writing = WriteSections.begin()) {
      super.receiveWithExceptionPropagation(input, output, messages);
    } finally {
      finish();
    }
  }

  private void finish() {
    quarantine.close();
    target.autoGC(NullProgressMonitor.INSTANCE);
  }
}

package adot.server.control;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Set;

/** File-system chores around the control socket: clearing a stale socket before binding, setting mode and group. */
final class ControlSocketFile {

  /** {@code rw-rw----}: the owner and the socket's group may connect, nobody else. */
  static final Set<PosixFilePermission> MODE_0660 = PosixFilePermissions.fromString("rw-rw----");

  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;

  private ControlSocketFile() {
  }

  /**
   * Makes {@code socket} ready to bind: creates its parent directory if missing and removes a stale socket left by a
   * crashed run.
   *
   * @throws ControlSocketInUseException if a daemon answers on the socket
   * @throws IOException if the path is something other than a socket, or cannot be checked or removed
   */
  static void prepare(Path socket) throws IOException {
    Path parent = socket.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      Files.createDirectories(parent);
    }
    if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!isSocket(socket)) {
      throw new IOException("control socket path " + socket + " exists and is not a socket; refusing to replace it"
          + " (remove it or configure another control.socket)");
    }
    if (answers(socket)) {
      throw new ControlSocketInUseException(socket);
    }
    // Nobody listens: the file is left over from a run that did not stop cleanly.
    Files.deleteIfExists(socket);
  }

  /** Whether the path is a Unix domain socket (not following a symbolic link). */
  static boolean isSocket(Path path) throws IOException {
    try {
      int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return (mode & S_IFMT) == S_IFSOCK;
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      // No "unix" attribute view: a socket is at least neither file, directory nor link.
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
    }
  }

  /** Whether something accepts connections on the socket; the probe connection is closed at once. */
  static boolean answers(Path socket) throws IOException {
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (ConnectException e) {
      return false;
    } catch (IOException e) {
      throw new IOException("cannot tell whether control socket " + socket + " is in use: " + e.getMessage(), e);
    }
  }

  /** Sets mode 0660 and, when {@code group} is not null, the group of the socket file. */
  static void applyOwnership(Path socket, String group) throws IOException {
    Files.setPosixFilePermissions(socket, MODE_0660);
    if (group == null) {
      return;
    }
    GroupPrincipal principal;
    try {
      principal = socket.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
    } catch (UserPrincipalNotFoundException e) {
      throw new IOException("control socket group '" + group + "' does not exist", e);
    }
    try {
      Files.getFileAttributeView(socket, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(principal);
    } catch (IOException e) {
      throw new IOException("cannot give control socket " + socket + " to group '" + group + "' (the daemon must be"
          + " root or a member of that group): " + e.getMessage(), e);
    }
  }
}

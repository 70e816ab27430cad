import CLinux
import Store

/// What `ragd version` prints: ragd's version and the system libraries it runs on.
package enum VersionReport {
    /// One line per component.
    package static var text: String {
        """
        ragd \(RagdVersion.current)
        sqlite \(SQLiteConnection.libraryVersion)
        """
    }
}

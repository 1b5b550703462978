package io.digitstream.tools.watch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells when files have stopped changing, so a file a scanner is still writing is never published half: a file is
 * settled when two checks in a row, one settle interval apart, saw it with the same size and modification time (and
 * not empty: a writer may create the file before it writes anything).
 */
final class SettlingFiles {

    private final Map<String, FileStamp> previous = new HashMap<>();

    /**
     * One check.
     *
     * @param current the stamps of the files waiting to settle, as they are now
     * @return those of them unchanged since the previous check; they are forgotten, the others remembered
     */
    List<FileStamp> check(Collection<FileStamp> current) {
        List<FileStamp> settled = new ArrayList<>();
        Map<String, FileStamp> seen = new HashMap<>();
        for (FileStamp stamp : current) {
            if (stamp.equals(previous.get(stamp.name())) && stamp.size() > 0) {
                settled.add(stamp);
            } else {
                seen.put(stamp.name(), stamp);
            }
        }
        previous.clear(); // files no longer waiting (gone, or published) are forgotten
        previous.putAll(seen);
        return settled;
    }
}

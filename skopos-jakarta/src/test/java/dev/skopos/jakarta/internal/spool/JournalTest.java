package dev.skopos.jakarta.internal.spool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalTest {
    private static final long MB = 1024 * 1024;

    @TempDir
    Path directory;

    @Test
    void readsBackWhatWasAppendedInOrderWithItsSequenceNumbers() throws IOException {
        try (Journal journal = Journal.open(directory, MB, MB)) {
            assertThat(journal.append(bytes("first"), true, false)).isZero();
            assertThat(journal.append(bytes("second"), true, false)).isEqualTo(1);
        }
        try (Journal journal = Journal.open(directory, MB, MB)) {
            assertThat(texts(journal.recovered())).containsExactly("first", "second");
            assertThat(journal.recovered()).extracting(Journal.Entry::seq).containsExactly(0L, 1L);
            assertThat(journal.append(bytes("third"), true, false)).isEqualTo(2);
            assertThat(journal.damage().tails()).isZero();
        }
    }

    @Test
    void aTornLastEntryIsSkippedAndCountedAndTheEntriesBeforeItAreKept() throws IOException {
        try (Journal journal = Journal.open(directory, MB, MB)) {
            journal.append(bytes("kept"), true, false);
            journal.append(bytes("torn by the crash"), true, false);
        }
        Path segment = onlySegment();
        long tornSize = Files.size(segment) - 5;
        try (FileChannel file = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            file.truncate(tornSize);
        }
        try (Journal journal = Journal.open(directory, MB, MB)) {
            assertThat(texts(journal.recovered())).containsExactly("kept");
            assertThat(journal.damage().tails()).isEqualTo(1);
            assertThat(journal.damage().bytes()).isEqualTo(tornSize - Frames.HEADER - "kept".length());
            journal.append(bytes("after"), true, false);
        }
        try (Journal journal = Journal.open(directory, MB, MB)) {
            assertThat(texts(journal.recovered())).containsExactly("kept", "after");
            assertThat(journal.damage().tails()).isZero();
        }
    }

    @Test
    void anEntryWhoseBytesChangedEndsItsSegmentAndTheNextSegmentsAreStillRead() throws IOException {
        try (Journal journal = Journal.open(directory, MB, 60)) {
            journal.append(bytes("one"), true, false);
            journal.append(bytes("two, to be damaged"), true, false);
            journal.append(bytes("three, next segment"), true, false);
        }
        Path first = segments().get(0);
        try (FileChannel file = FileChannel.open(first, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(new byte[] {'X'}), Files.size(first) - 3);
        }
        try (Journal journal = Journal.open(directory, MB, 60)) {
            assertThat(texts(journal.recovered())).containsExactly("one", "three, next segment");
            assertThat(journal.damage().tails()).isEqualTo(1);
        }
    }

    @Test
    void anAppendPastTheDiskBudgetIsRefusedUnlessItMustBeWritten() throws IOException {
        try (Journal journal = Journal.open(directory, 100, MB)) {
            assertThat(journal.append(new byte[60], true, false)).isZero();
            assertThat(journal.append(new byte[60], true, false)).isEqualTo(-1);
            assertThat(journal.append(new byte[10], false, true)).isEqualTo(1);
            assertThat(journal.bytes()).isEqualTo(2L * Frames.HEADER + 70);
        }
    }

    @Test
    void aSecondJournalOnTheSameDirectoryIsRefusedUntilTheFirstCloses() throws IOException {
        try (Journal journal = Journal.open(directory, MB, MB)) {
            assertThatThrownBy(() -> Journal.open(directory, MB, MB)).isInstanceOf(SpoolInUseException.class)
                    .hasMessageContaining("skopos.spool-directory");
        }
        Journal.open(directory, MB, MB).close();
    }

    @Test
    void segmentsAreDeletedOldestFirstOnceNoneOfTheirEntriesIsHeld() throws IOException {
        try (Journal journal = Journal.open(directory, MB, 40)) {
            long first = journal.append(bytes("first segment"), true, false);
            long second = journal.append(bytes("second segment"), true, false);
            journal.append(bytes("third segment"), true, false);
            assertThat(segments()).hasSize(3);

            journal.release(second);
            assertThat(journal.dropReleasedPrefix()).isEqualTo(first);
            assertThat(segments()).hasSize(3);

            journal.release(first);
            long bytesBefore = journal.bytes();
            assertThat(journal.dropReleasedPrefix()).isEqualTo(2);
            assertThat(segments()).hasSize(1);
            assertThat(journal.bytes()).isEqualTo(bytesBefore - 2L * Frames.HEADER - 27);
        }
        try (Journal journal = Journal.open(directory, MB, 40)) {
            assertThat(texts(journal.recovered())).containsExactly("third segment");
        }
    }

    private Path onlySegment() throws IOException {
        List<Path> segments = segments();
        assertThat(segments).hasSize(1);
        return segments.get(0);
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".spool")).sorted()
                    .filter(file -> sizeOf(file) > 0).toList();
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<Journal.Entry> entries) {
        return entries.stream().map(entry -> new String(entry.payload(), StandardCharsets.UTF_8)).toList();
    }
}

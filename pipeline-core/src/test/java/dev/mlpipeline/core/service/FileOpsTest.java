package dev.mlpipeline.core.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileOpsTest {
    @TempDir
    Path dir;

    @Test
    void forcingManyFilesLeavesThemAsTheyWereAndNoThreadBehind() throws IOException {
        List<Path> files = files(3 * FileOps.FORCE_THREADS, 3);

        FileOps.force(files);

        for (int i = 0; i < files.size(); i++) {
            assertArrayEquals(bytesOf(i), Files.readAllBytes(files.get(i)));
        }
        assertEquals(List.of(), forcingThreads(), "the call's threads end before it returns");
    }

    @Test
    void aMissingFileAmongManyFailsTheCallAndIsNamed() throws IOException {
        List<Path> files = files(40, 2);
        Path missing = files.get(17);
        Files.delete(missing);

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> FileOps.force(files));

        assertEquals(missing.toString(), e.getFile());
    }

    @Test
    void aSingleMissingFileFailsTheCall() {
        Path missing = dir.resolve("gone.jpg");

        assertThrows(NoSuchFileException.class, () -> FileOps.force(List.of(missing)));
    }

    @Test
    void nothingToForceIsNothing() throws IOException {
        FileOps.force(List.of());

        assertTrue(forcingThreads().isEmpty());
    }

    private List<Path> files(int count, int folders) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path folder = Files.createDirectories(dir.resolve("folder-" + i % folders));
            files.add(Files.write(folder.resolve("frame_" + i + ".jpg"), bytesOf(i)));
        }
        return files;
    }

    private static byte[] bytesOf(int i) {
        return ("image " + i).repeat(100).getBytes();
    }

    private static List<String> forcingThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.equals("force-files")).toList();
    }
}

package dev.mlpipeline.core.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlpipeline.core.port.VideoStore;
import dev.mlpipeline.core.testing.VideoStoreContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalVideoStoreTest extends VideoStoreContract {
    private Path root;

    @Override
    protected VideoStore createStore(Path temp) throws IOException {
        root = Files.createDirectories(temp.resolve("uploads"));
        return new LocalVideoStore(new UploadFolder(root));
    }

    @Override
    protected String addInput(String name, byte[] bytes) throws IOException {
        Files.write(root.resolve(name), bytes);
        return "/uploads/" + name;
    }

    @Override
    protected void leaveTemporary(String key) throws IOException {
        Path target = root.resolve(key);
        Files.createDirectories(target.getParent());
        Files.writeString(FileOps.temporaryFor(target), "half a file");
    }

    @Test
    void aFileAlreadyAtItsKeyIsPublishedWhereItIs() throws IOException {
        Path inPlace = Files.createDirectories(root.resolve("annotated/job/1-w1")).resolve("out.mp4");
        Files.write(inPlace, bytes("written in place"));

        store.publish(inPlace, "annotated/job/1-w1/out.mp4");

        assertArrayEquals(bytes("written in place"), read("/uploads/annotated/job/1-w1/out.mp4"));
        assertEquals("/uploads/annotated/job/1-w1/out.mp4", store.urlOf("annotated/job/1-w1/out.mp4"));
    }

    @Test
    void neitherInputsNorKeysLeaveTheFolder() throws IOException {
        Files.writeString(temp.resolve("secret.mp4"), "not an upload");

        assertThrows(UploadFolder.UnsafePathException.class, () -> store.open("/uploads/../secret.mp4"));
        assertThrows(IllegalArgumentException.class, () -> store.publish(temp.resolve("secret.mp4"), "../copied.mp4"));
        assertFalse(Files.exists(temp.resolve("copied.mp4")));
        assertFalse(store.holds("s3://bucket/clip.mp4"));
    }
}

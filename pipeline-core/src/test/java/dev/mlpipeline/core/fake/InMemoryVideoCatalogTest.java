package dev.mlpipeline.core.fake;

import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.port.VideoCatalog;
import dev.mlpipeline.core.testing.InMemoryVideoCatalog;
import dev.mlpipeline.core.testing.VideoCatalogContract;

class InMemoryVideoCatalogTest extends VideoCatalogContract {
    private InMemoryVideoCatalog fake;

    @Override
    protected VideoCatalog createCatalog() {
        fake = new InMemoryVideoCatalog();
        return fake;
    }

    @Override
    protected void addVideo(Video video) {
        fake.add(video);
    }
}

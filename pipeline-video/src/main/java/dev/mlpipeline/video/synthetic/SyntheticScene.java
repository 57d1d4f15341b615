package dev.mlpipeline.video.synthetic;

import dev.mlpipeline.core.domain.BoundingBox;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The pictures of a {@link SyntheticClip}, drawn in plain Java so that no native memory is involved.
 * The background is textured (gradient, a coarse checkerboard and fixed grain) but still, so only the
 * objects move; they bounce off the edges and so stay in the picture however long the clip is.
 *
 * <p>Public for the clips {@link SyntheticClip} cannot write (odd sizes, irregular timestamps), which
 * tests encode themselves from these pictures. Unchanged after construction, so safe to share between threads.
 */
public final class SyntheticScene {
    // vivid BGR colours that stand out from the mid-tone background
    private static final int[][] OBJECT_COLOURS = {
        {40, 40, 230}, {0, 220, 240}, {200, 40, 200}, {245, 245, 245}, {0, 140, 255}, {60, 220, 60},
    };
    private static final int CHECKER_CELL = 40;

    private final int width;
    private final int height;
    private final int objectSize;
    private final byte[] background;
    private final List<Mover> movers = new ArrayList<>();

    private record Mover(boolean circle, int[] bgr, double x0, double y0, double vx, double vy) {
    }

    /** {@code objects} moving shapes on a {@code width} x {@code height} picture; the seed fixes texture and paths. */
    public SyntheticScene(int width, int height, double fps, int objects, long seed) {
        this.width = width;
        this.height = height;
        this.objectSize = Math.max(8, Math.min(width, height) / 5);
        Random random = new Random(seed);
        this.background = texture(width, height, random);
        for (int k = 0; k < objects; k++) {
            // a quarter to a half of the picture per second, in either direction
            double vx = (0.25 + 0.25 * random.nextDouble()) * width / fps * (random.nextBoolean() ? 1 : -1);
            double vy = (0.15 + 0.2 * random.nextDouble()) * height / fps * (random.nextBoolean() ? 1 : -1);
            movers.add(new Mover(k % 2 == 1, OBJECT_COLOURS[k % OBJECT_COLOURS.length],
                    random.nextDouble() * (width - objectSize), random.nextDouble() * (height - objectSize), vx, vy));
        }
    }

    private static byte[] texture(int width, int height, Random random) {
        byte[] pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int checker = ((x / CHECKER_CELL + y / CHECKER_CELL) % 2 == 0) ? 18 : -18;
                int grain = random.nextInt(13) - 6;
                int i = (y * width + x) * 3;
                pixels[i] = clampByte(70 + 60 * x / width + checker + grain);
                pixels[i + 1] = clampByte(80 + 50 * y / height + checker + grain);
                pixels[i + 2] = clampByte(90 + checker + grain);
            }
        }
        return pixels;
    }

    List<BoundingBox> objectsAt(int index) {
        List<BoundingBox> boxes = new ArrayList<>(movers.size());
        for (Mover m : movers) {
            int x = position(m.x0 + m.vx * index, width - objectSize);
            int y = position(m.y0 + m.vy * index, height - objectSize);
            boxes.add(new BoundingBox(x, y, x + objectSize, y + objectSize));
        }
        return boxes;
    }

    /** The packed BGR pixels of frame {@code index}, a new array each call. */
    public byte[] render(int index) {
        byte[] pixels = background.clone();
        List<BoundingBox> boxes = objectsAt(index);
        for (int k = 0; k < movers.size(); k++) {
            paint(pixels, movers.get(k), boxes.get(k));
        }
        return pixels;
    }

    private void paint(byte[] pixels, Mover mover, BoundingBox box) {
        int left = (int) box.x1();
        int top = (int) box.y1();
        double radius = objectSize / 2.0;
        for (int y = top; y < top + objectSize; y++) {
            for (int x = left; x < left + objectSize; x++) {
                if (mover.circle) {
                    double dx = x - left + 0.5 - radius;
                    double dy = y - top + 0.5 - radius;
                    if (dx * dx + dy * dy > radius * radius) {
                        continue;
                    }
                }
                int i = (y * width + x) * 3;
                pixels[i] = (byte) mover.bgr[0];
                pixels[i + 1] = (byte) mover.bgr[1];
                pixels[i + 2] = (byte) mover.bgr[2];
            }
        }
    }

    /** Back and forth between 0 and {@code range}, like a ball between two walls. */
    private static int position(double travelled, int range) {
        if (range <= 0) {
            return 0;
        }
        double m = Math.floorMod(Math.round(travelled), 2L * range);
        return (int) (m <= range ? m : 2L * range - m);
    }

    private static byte clampByte(int v) {
        return (byte) Math.max(0, Math.min(255, v));
    }
}

package dev.mlpipeline.sagemaker;

import static dev.mlpipeline.sagemaker.SageMakerTesting.CREDENTIALS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EndpointStatusesTest {
    private final AtomicLong now = new AtomicLong();

    @Test
    void aStatusIsReadOncePerTtlAndAChangeIsSeenOnceItHasPassed() {
        try (FakeSageMakerEndpoint server = FakeSageMakerEndpoint.start("rr-its").status("rr-its", "Updating");
                EndpointStatuses statuses = new EndpointStatuses(EndpointStatuses.client("eu-west-1",
                        Optional.of(server.url()), CREDENTIALS), now::get)) {
            assertEquals("Updating", statuses.status("rr-its"));
            server.status("rr-its", "InService");
            now.addAndGet(EndpointStatuses.TTL.toNanos() - 1);
            assertEquals("Updating", statuses.status("rr-its"), "still the cached answer");
            assertEquals(1, server.describeCalls());

            now.addAndGet(1);
            assertEquals("InService", statuses.status("rr-its"));
            assertEquals(2, server.describeCalls());
        }
    }

    @Test
    void anUnreachableControlPlaneMakesTheStatusUnknownAndTheEndpointStillUsable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (EndpointStatuses statuses = new EndpointStatuses(EndpointStatuses.client("eu-west-1",
                Optional.of(URI.create("http://127.0.0.1:" + closedPort)), CREDENTIALS), now::get)) {
            String status = statuses.status("rr-its");
            assertTrue(status.startsWith("unknown: "), status);
            assertTrue(EndpointStatuses.usable(status));
        }
        assertFalse(EndpointStatuses.usable("Updating"));
        assertFalse(EndpointStatuses.usable("NotFound"));
        assertTrue(EndpointStatuses.usable("InService"));
    }
}

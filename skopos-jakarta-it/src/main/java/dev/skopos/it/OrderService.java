package dev.skopos.it;

import dev.skopos.jakarta.SkoposTracker;
import dev.skopos.jakarta.TrackEvent;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import java.util.Map;

/** An enterprise bean of the shop: it records events through the injected tracker and declaratively. */
@Stateless
public class OrderService {

    @Inject
    SkoposTracker tracker;

    public void place(int items) {
        tracker.trackServerEvent("order_placed", Map.of("items", items));
    }

    @TrackEvent("order_cancelled")
    public void cancel(String orderId) throws UnknownOrderException {
        if (!orderId.startsWith("order-")) {
            throw new UnknownOrderException(orderId);
        }
    }

    /** Runs on a thread of the container after the request has returned. */
    @Asynchronous
    public void sendConfirmation() {
        tracker.trackServerEvent("order_confirmation_sent");
    }
}

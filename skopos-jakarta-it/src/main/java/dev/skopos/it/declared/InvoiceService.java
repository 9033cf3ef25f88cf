package dev.skopos.it.declared;

import dev.skopos.jakarta.TrackEvent;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code @TrackEvent} on the class: every business method records the event, the inherited one too. */
@ApplicationScoped
@TrackEvent("invoice_activity")
public class InvoiceService extends Notifier {

    public String send(String invoiceId) {
        return "sent " + invoiceId;
    }
}

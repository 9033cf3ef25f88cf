package dev.skopos.it.declared;

import dev.skopos.jakarta.TrackEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Keeps receipts; it works only inside its caller's transaction, and declares an event the tracker accepts. */
@ApplicationScoped
public class ReceiptArchive {

    @Transactional(Transactional.TxType.MANDATORY)
    @TrackEvent("receipt_archived")
    public void keep(String orderId) {
        // the archive itself is not what the tests look at: the event and the transaction around it are
    }
}

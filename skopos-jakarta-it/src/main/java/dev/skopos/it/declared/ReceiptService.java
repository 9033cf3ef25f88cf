package dev.skopos.it.declared;

import dev.skopos.jakarta.TrackEvent;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

/**
 * Issues a receipt in a transaction. The event its {@code @TrackEvent} declares has a name the tracker refuses,
 * so recording it fails inside the transaction, after the work is done and before the commit.
 */
@ApplicationScoped
public class ReceiptService {
    private static final String SIXTY_FOUR = "receipt_issued_to_a_customer_whose_order_was_paid_in_full_today_";
    /** 271 characters: an event name may have at most 255. */
    static final String UNRECORDABLE_EVENT = SIXTY_FOUR + SIXTY_FOUR + SIXTY_FOUR + SIXTY_FOUR + "receipt";

    @Inject
    ReceiptArchive archive;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    @Transactional
    @TrackEvent(UNRECORDABLE_EVENT)
    public String issue(String orderId, TransactionOutcome outcome) {
        transactions.registerInterposedSynchronization(outcome);
        archive.keep(orderId);
        return "receipt for " + orderId;
    }
}

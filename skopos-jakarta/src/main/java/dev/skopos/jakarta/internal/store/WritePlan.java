package dev.skopos.jakarta.internal.store;

import dev.skopos.jakarta.internal.pocketbase.BatchRequest;
import dev.skopos.jakarta.internal.pocketbase.BatchRequestFailedException;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import dev.skopos.jakarta.internal.support.UnforeseenFailures;
import jakarta.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/**
 * The writes one flush of a lane plans from its queued records, sent in the order planned: one by one at the end
 * of each unit, or, where PocketBase takes batches ({@link BatchWrites}), a batch at a time, each in one
 * transaction. A unit is what one queued record (or one session's write) needs; its {@link Unit#done()} runs once
 * all its writes have landed, units in the order they were planned. What a write changes in the tracker's own
 * state waits in its handler until PocketBase has confirmed the write, so a batch that fails changes nothing.
 *
 * <p>Creates land exactly once, under ids the tracker chose ({@link IdempotentCreates}): a create found taken is
 * this writer's when an earlier attempt of it went unanswered, another writer's otherwise. A batch whose answer
 * was lost landed whole or not at all, and one read of a record only it can have created (an event) settles
 * which. A write PocketBase refuses for its own data sets its unit aside ({@link Unit#refused}) and the rest goes
 * on; so does one that throws what no answer of PocketBase's explains ({@link Unit#failed}), which a batch meets
 * by sending the rest of the plan one write at a time, so that only the unit it belongs to is set aside. A batch
 * PocketBase refuses whole with a 400 naming no write is retried, as a batch that timed out there is answered;
 * sent again, its writes go one at a time, so that one PocketBase refuses cannot hold up the lane. A write
 * that finds a record gone (deleted behind the tracker's back) tells its handler and ends the plan
 * with {@link StalePlanException}: the lane plans again from what is still queued. Used by one thread.
 */
public final class WritePlan {
    private static final Logger LOG = Logger.getLogger(WritePlan.class.getName());

    private final RecordStore store;
    private final IdempotentCreates creates;
    private final BatchWrites batches;
    private final UnforeseenFailures unforeseen;
    private final LookedUpVisitors visitors;
    private final List<Planned> units = new ArrayList<>();
    private final Deque<PlannedWrite> unsent = new ArrayDeque<>();
    private final Set<String> plannedCreates = new HashSet<>();
    private Planned open;
    private int firstIncomplete;
    /** Set once a batch failed in a way nobody foresaw: the rest of the plan goes one write at a time. */
    private boolean oneByOne;

    /** What becomes of the writes of one queued record, or of one session's write. */
    public interface Unit {
        /** Every write of the unit landed. */
        void done();

        /** PocketBase refused one of the unit's writes for good; what landed of it before stays. */
        void refused(PocketBaseException e);

        /**
         * Planning or sending one of the unit's writes threw what no answer of PocketBase's explains (a fault in
         * the tracker, the store or what they run on), which a retry would meet again; what landed of it stays.
         */
        void failed(RuntimeException e);

        /** A unit with nothing to do once it landed, whose refusal or failure the sender of the plan gets thrown. */
        static Unit failing() {
            return new Unit() {
                @Override
                public void done() {
                }

                @Override
                public void refused(PocketBaseException e) {
                    throw e;
                }

                @Override
                public void failed(RuntimeException e) {
                    throw e;
                }
            };
        }
    }

    /** What a create that landed learns: who created the record. */
    public interface CreateLanded {
        void landed(IdempotentCreates.Outcome outcome);
    }

    /**
     * @param unforeseen where a batch that failed in a way nobody foresaw is said once per cause
     * @param visitors   what a lookup of the visitors whose records the plan may create found
     */
    WritePlan(RecordStore store, IdempotentCreates creates, BatchWrites batches, UnforeseenFailures unforeseen,
              LookedUpVisitors visitors) {
        this.store = store;
        this.creates = creates;
        this.batches = batches;
        this.unforeseen = unforeseen;
        this.visitors = visitors;
    }

    /** What the lookup of visitors made for this plan found. */
    LookedUpVisitors lookedUpVisitors() {
        return visitors;
    }

    /**
     * A unit as planned: the records it creates, how many of its writes have not landed, and why it was set aside,
     * if it was: PocketBase's refusal ({@link PocketBaseException}), or a failure nobody foresaw.
     */
    private static final class Planned {
        final Unit unit;
        final List<String> creates = new ArrayList<>();
        int unlanded;
        RuntimeException setAside;

        Planned(Unit unit) {
            this.unit = unit;
        }
    }

    /** Starts the next unit: the writes planned until {@link #endUnit()} are its. */
    public void beginUnit(Unit unit) {
        open = new Planned(unit);
        units.add(open);
    }

    /**
     * Plans a create of {@code fields} as record {@code id}; the fields are taken when the create is sent.
     *
     * @param exclusive whether only this writer ever creates this id (an event's random id), so that reading it
     *                  settles whether a batch holding it landed
     * @param gone      what the tracker forgets when the create names a related record PocketBase no longer has
     */
    public void create(String collection, String id, Supplier<JsonObject> fields, boolean exclusive,
                       CreateLanded landed, Runnable gone) {
        plannedCreates.add(id);
        open.creates.add(id);
        plan(new PlannedWrite(open, collection, id, fields, exclusive, landed, null, gone));
    }

    /**
     * Plans an update of record {@code id}; {@code landed} gets the record as stored.
     *
     * @param gone what the tracker forgets when PocketBase no longer has the record
     */
    public void update(String collection, String id, JsonObject changes, Consumer<JsonObject> landed,
                       Runnable gone) {
        plan(new PlannedWrite(open, collection, id, () -> changes, false, null, landed, gone));
    }

    private void plan(PlannedWrite write) {
        write.unit.unlanded++;
        unsent.add(write);
    }

    /**
     * Sets the unit being planned aside: planning it threw {@code e}, which no retry mends. None of its writes goes
     * out; it hears why once the units before it are done.
     */
    public void setAside(RuntimeException e) {
        setAside(open, e);
    }

    /** Whether a create of record {@code id} is planned and has not landed yet. */
    public boolean plansCreate(String id) {
        return plannedCreates.contains(id);
    }

    /**
     * Ends the current unit. Sent one by one, its writes go out now, so that the next unit is planned on what
     * they changed; in batches, what fills a batch does.
     *
     * @throws PocketBaseException when PocketBase fails: what landed stays landed, the rest unsent
     * @throws StalePlanException  when a record the plan relied on is gone
     */
    public void endUnit() {
        open = null;
        while (unsent.size() >= batchSize()) {
            sendNext();
        }
        completeUnits();
    }

    /** Sends every write planned and not sent yet; throws as {@link #endUnit()}. */
    public void send() {
        while (!unsent.isEmpty()) {
            sendNext();
        }
        completeUnits();
    }

    private int batchSize() {
        return oneByOne ? 1 : batches.size();
    }

    private void sendNext() {
        if (!oneByOne && batches.wereRefusedWhole(unsent.stream().limit(batchSize()).map(write -> write.id)
                .toList())) {
            oneByOne = true;
        }
        int size = batchSize();
        List<PlannedWrite> next = new ArrayList<>(size);
        while (next.size() < size && !unsent.isEmpty()) {
            next.add(unsent.pollFirst());
        }
        try {
            if (next.size() == 1) {
                sendAlone(next.get(0));
            } else {
                sendBatch(next);
            }
        } finally {
            // what did not land goes back to the head, in order, unless its unit was set aside
            for (int i = next.size() - 1; i >= 0; i--) {
                PlannedWrite write = next.get(i);
                if (!write.landed && write.unit.setAside == null) {
                    unsent.addFirst(write);
                }
            }
        }
        completeUnits();
    }

    private void sendAlone(PlannedWrite write) {
        try {
            if (write.isCreate()) {
                write.createLanded(creates.create(write.collection, write.id, write.fields.get()));
            } else {
                write.updateLanded(store.update(write.collection, write.id, write.fields.get()));
            }
        } catch (PocketBaseException e) {
            failed(write, e);
        } catch (RuntimeException e) {
            setAside(write.unit, e);
        }
    }

    private void sendBatch(List<PlannedWrite> batch) {
        List<Boolean> attemptedBefore = batch.stream()
                .map(write -> write.isCreate() && creates.attempted(write.id)).toList();
        try {
            List<JsonObject> stored = store.batch(batch.stream().map(PlannedWrite::request).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).landedInBatch(stored.get(i));
            }
        } catch (BatchRequestFailedException e) {
            rolledBack(batch, attemptedBefore);
            PlannedWrite write = batch.get(e.request());
            if (write.isCreate() && e.failure().isIdTaken()) {
                write.createLanded(IdempotentCreates.Outcome.taken(attemptedBefore.get(e.request())));
            } else {
                failed(write, e.failure());
            }
        } catch (PocketBaseException e) {
            if (e.isBatchUnavailable()) {
                rolledBack(batch, attemptedBefore);
                batches.unavailable();
            } else if (e.isBatchTooLong()) {
                rolledBack(batch, attemptedBefore);
                batches.tooLong(e.batchLimit());
            } else if (!landedUnanswered(batch, e)) {
                if (e.status() == 400) {
                    // retried like a timeout in PocketBase, which answers so; then sent one write at a time
                    batches.refusedWhole(batch.stream().map(write -> write.id).toList());
                }
                throw e;
            }
        } catch (RuntimeException e) {
            // The batch may have landed: its creates stay unanswered, so that sent again they are recognised. Sent
            // alone, the one write that fails this way sets only its own unit aside.
            unforeseen.failed("sends the writes of a batch that failed one by one", e);
            oneByOne = true;
        }
    }

    /** PocketBase took none of the batch: only creates tried before this attempt may have landed. */
    private void rolledBack(List<PlannedWrite> batch, List<Boolean> attemptedBefore) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).isCreate() && !attemptedBefore.get(i)) {
                creates.answered(batch.get(i).id);
            }
        }
    }

    /**
     * Whether a batch whose answer was lost landed. A batch that timed out in PocketBase is reported as a
     * failed transaction without a failed write, and counts as lost too.
     */
    private boolean landedUnanswered(List<PlannedWrite> batch, PocketBaseException lost) {
        if (!lost.isTransient() && lost.status() != 400) {
            return false;
        }
        Optional<PlannedWrite> witness = batch.stream().filter(write -> write.exclusive).reduce((a, b) -> b);
        if (witness.isEmpty() || !exists(witness.get())) {
            return false; // sent again: what it created is found taken, and recognised as this writer's
        }
        LOG.log(Level.FINE, "Skopos found a batch whose answer was lost stored in PocketBase", lost);
        batch.forEach(write -> write.landedInBatch(write.fields.get()));
        return true;
    }

    private boolean exists(PlannedWrite write) {
        try {
            store.get(write.collection, write.id);
            return true;
        } catch (PocketBaseException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
    }

    /**
     * A write failed for a reason of its own: a record it needs is gone, or PocketBase refused its data. A passing
     * failure is thrown, for the lane to retry.
     */
    private void failed(PlannedWrite write, PocketBaseException e) {
        if (e.isMissingRelation() || (!write.isCreate() && e.isNotFound())) {
            write.gone.run();
            throw new StalePlanException(e);
        }
        if (e.keepsRecord()) {
            throw e;
        }
        setAside(write.unit, e);
    }

    /**
     * No more of {@code unit}'s writes go out: it is set aside for {@code e}. The units planned after it create the
     * records it was to create, if they need them.
     */
    private void setAside(Planned unit, RuntimeException e) {
        unit.setAside = e;
        unsent.removeIf(planned -> planned.unit == unit);
        plannedCreates.removeAll(unit.creates);
    }

    /**
     * Tells the units whose writes have all landed, or that were set aside, what became of them, in the order they
     * were planned.
     */
    private void completeUnits() {
        while (firstIncomplete < units.size()) {
            Planned planned = units.get(firstIncomplete);
            if (planned == open || (planned.setAside == null && planned.unlanded > 0)) {
                return;
            }
            firstIncomplete++;
            if (planned.setAside == null) {
                planned.unit.done();
            } else if (planned.setAside instanceof PocketBaseException refusal) {
                planned.unit.refused(refusal);
            } else {
                planned.unit.failed(planned.setAside);
            }
        }
    }

    /** One planned write, and what its landing changes. */
    private final class PlannedWrite {
        final Planned unit;
        final String collection;
        final String id;
        final Supplier<JsonObject> fields;
        final boolean exclusive;
        final CreateLanded onCreate;
        final Consumer<JsonObject> onUpdate;
        final Runnable gone;
        boolean landed;

        PlannedWrite(Planned unit, String collection, String id, Supplier<JsonObject> fields, boolean exclusive,
                     CreateLanded onCreate, Consumer<JsonObject> onUpdate, Runnable gone) {
            this.unit = unit;
            this.collection = collection;
            this.id = id;
            this.fields = fields;
            this.exclusive = exclusive;
            this.onCreate = onCreate;
            this.onUpdate = onUpdate;
            this.gone = gone;
        }

        boolean isCreate() {
            return onCreate != null;
        }

        BatchRequest request() {
            return isCreate() ? BatchRequest.create(collection, JSON.createObjectBuilder(fields.get()).add("id", id)
                    .build()) : BatchRequest.update(collection, id, fields.get());
        }

        /** Landed as one of a batch: a create is then this writer's. */
        void landedInBatch(JsonObject stored) {
            if (isCreate()) {
                creates.answered(id);
                createLanded(IdempotentCreates.Outcome.CREATED);
            } else {
                updateLanded(stored);
            }
        }

        void createLanded(IdempotentCreates.Outcome outcome) {
            landed();
            plannedCreates.remove(id);
            onCreate.landed(outcome);
        }

        void updateLanded(JsonObject stored) {
            landed();
            onUpdate.accept(stored);
        }

        private void landed() {
            landed = true;
            unit.unlanded--;
        }
    }
}

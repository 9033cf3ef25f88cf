package dev.skopos.jakarta.internal.spool;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.geo.Location;
import dev.skopos.jakarta.internal.intake.EventType;
import dev.skopos.jakarta.internal.intake.TrackedEvent;
import dev.skopos.jakarta.internal.intake.UserAgentInfo;
import dev.skopos.jakarta.internal.store.DayWrite;
import dev.skopos.jakarta.internal.store.JsErrorBase;
import dev.skopos.jakarta.internal.visitors.CountedEvent;
import dev.skopos.jakarta.internal.visitors.SessionLocation;
import dev.skopos.jakarta.internal.visitors.SessionStart;
import dev.skopos.jakarta.internal.visitors.SessionInSummary;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/**
 * Turns spool entries into the bytes the journal frames, and back. Strings go as UTF-8 with their length, since
 * a stack trace can pass the 64 KiB {@link DataOutputStream#writeUTF} takes.
 */
final class EntryCodec {
    private static final byte EVENT = 1;
    private static final byte IDENTIFY = 2;
    private static final byte SESSION_END = 3;
    private static final byte CONFIRMED = 4;
    private static final byte EARLY = 5;
    private static final byte EARLY_IDENTIFY = 6;
    private static final byte DAY_SETTLED = 7;
    private static final byte REPORTS_SENDING = 8;

    /** Where a session whose location was not known yet is located, from its client address. */
    private final Function<Optional<String>, SessionLocation> locator;

    EntryCodec(Function<Optional<String>, SessionLocation> locator) {
        this.locator = locator;
    }

    static byte[] encode(SpoolEntry entry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (entry instanceof SpoolEntry.Event event) {
                out.writeByte(EVENT);
                writeOrigin(out, event.session());
                writeEvent(out, event.event());
                writeInstant(out, event.at());
                writeString(out, event.recordId());
                out.writeBoolean(event.discardShortSessions());
                out.writeLong(event.early());
            } else if (entry instanceof SpoolEntry.Identify identify) {
                out.writeByte(IDENTIFY);
                writeString(out, identify.websiteId());
                writeString(out, identify.visitorId());
                writeString(out, identify.fields().toString());
                out.writeLong(identify.early());
            } else if (entry instanceof SpoolEntry.Early early) {
                out.writeByte(EARLY);
                writeRequest(out, early.request());
                writeEvent(out, early.event());
                writeInstant(out, early.at());
                out.writeBoolean(early.fromBrowser());
            } else if (entry instanceof SpoolEntry.EarlyIdentify identify) {
                out.writeByte(EARLY_IDENTIFY);
                writeString(out, identify.visitorId());
                writeString(out, identify.fields().toString());
            } else if (entry instanceof SpoolEntry.SessionEnd end) {
                out.writeByte(SESSION_END);
                writeString(out, end.sessionId());
                writeString(out, end.visitorId());
            } else if (entry instanceof SpoolEntry.Confirmed confirmed) {
                out.writeByte(CONFIRMED);
                out.writeByte(confirmed.part());
                writeSeqs(out, confirmed.seqs());
                out.writeInt(confirmed.sessions().size());
                for (SpoolEntry.SessionState state : confirmed.sessions()) {
                    writeState(out, state);
                }
                out.writeInt(confirmed.endedSessions().size());
                for (String ended : confirmed.endedSessions()) {
                    writeString(out, ended);
                }
                out.writeInt(confirmed.dayWrites().size());
                for (DayWrite write : confirmed.dayWrites()) {
                    out.writeLong(write.day().toEpochDay());
                    writeString(out, write.recordId());
                    writeString(out, write.website());
                    writeString(out, write.summary().toString());
                }
            } else if (entry instanceof SpoolEntry.DaySettled settled) {
                out.writeByte(DAY_SETTLED);
                out.writeLong(settled.day().toEpochDay());
            } else if (entry instanceof SpoolEntry.ReportsSending sending) {
                out.writeByte(REPORTS_SENDING);
                writeSeqs(out, sending.seqs());
                JsErrorBase base = sending.base();
                writeString(out, base.websiteId());
                writeString(out, base.hash());
                writeString(out, base.recordId());
                out.writeLong(base.count());
                writeInstant(out, base.lastSeen());
                out.writeBoolean(base.creates());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    SpoolEntry decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        byte type = in.readByte();
        return switch (type) {
            case EVENT -> new SpoolEntry.Event(readOrigin(in), readEvent(in), readInstant(in), readString(in),
                    in.readBoolean(), in.readLong());
            case IDENTIFY -> new SpoolEntry.Identify(readString(in), readString(in), json(readString(in)),
                    in.readLong());
            case EARLY -> new SpoolEntry.Early(readRequest(in), readEvent(in), readInstant(in), in.readBoolean());
            case EARLY_IDENTIFY -> new SpoolEntry.EarlyIdentify(readString(in), json(readString(in)));
            case SESSION_END -> new SpoolEntry.SessionEnd(readString(in), readString(in));
            case CONFIRMED -> {
                int part = in.readByte();
                long[] seqs = readSeqs(in);
                List<SpoolEntry.SessionState> sessions = new ArrayList<>();
                for (int i = in.readInt(); i > 0; i--) {
                    sessions.add(readState(in));
                }
                List<String> ended = new ArrayList<>();
                for (int i = in.readInt(); i > 0; i--) {
                    ended.add(readString(in));
                }
                List<DayWrite> dayWrites = new ArrayList<>();
                for (int i = in.readInt(); i > 0; i--) {
                    dayWrites.add(new DayWrite(LocalDate.ofEpochDay(in.readLong()), readString(in), readString(in),
                            json(readString(in))));
                }
                yield new SpoolEntry.Confirmed(seqs, part, sessions, ended, dayWrites);
            }
            case DAY_SETTLED -> new SpoolEntry.DaySettled(LocalDate.ofEpochDay(in.readLong()));
            case REPORTS_SENDING -> new SpoolEntry.ReportsSending(readSeqs(in), new JsErrorBase(readString(in),
                    readString(in), readString(in), in.readLong(), readInstant(in), in.readBoolean()));
            default -> throw new IOException("unknown spool entry type " + type);
        };
    }

    private static void writeSeqs(DataOutputStream out, long[] seqs) throws IOException {
        out.writeInt(seqs.length);
        for (long seq : seqs) {
            out.writeLong(seq);
        }
    }

    private static long[] readSeqs(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > Frames.MAX_PAYLOAD / Long.BYTES) {
            throw new IOException("damaged sequence numbers in the spool");
        }
        long[] seqs = new long[length];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = in.readLong();
        }
        return seqs;
    }

    private static void writeState(DataOutputStream out, SpoolEntry.SessionState state) throws IOException {
        writeOrigin(out, state.session());
        writeInstant(out, state.lastSeen());
        writeString(out, state.exitPath());
        out.writeLong(state.eventsRecorded());
        out.writeBoolean(state.stored());
        out.writeBoolean(state.newVisitor());
        writeInSummary(out, state.inSummary());
    }

    private SpoolEntry.SessionState readState(DataInputStream in) throws IOException {
        return new SpoolEntry.SessionState(readOrigin(in), readInstant(in), readString(in), in.readLong(),
                in.readBoolean(), in.readBoolean(), readInSummary(in));
    }

    private static void writeOrigin(DataOutputStream out, SpoolEntry.SessionOrigin origin) throws IOException {
        SessionStart start = origin.start();
        writeString(out, origin.recordId());
        writeString(out, start.websiteId());
        writeString(out, start.visitorId());
        writeString(out, start.agent().browser());
        writeString(out, start.agent().os());
        writeString(out, start.agent().device());
        out.writeInt(start.agent().botScore());
        writeInt(out, start.screenWidth());
        writeInt(out, start.screenHeight());
        writeOptional(out, start.language());
        writeString(out, start.entryPath());
        writeString(out, start.referrer());
        writeOptional(out, start.ipAddress());
        writeInstant(out, origin.startedAt());
        writeOptional(out, origin.clientIp());
        writeOptional(out, origin.location().map(Location::country));
        writeOptional(out, origin.location().map(Location::state));
    }

    private SpoolEntry.SessionOrigin readOrigin(DataInputStream in) throws IOException {
        String recordId = readString(in);
        String websiteId = readString(in);
        String visitorId = readString(in);
        UserAgentInfo agent = new UserAgentInfo(readString(in), readString(in), readString(in), in.readInt());
        Optional<Integer> width = readInt(in);
        Optional<Integer> height = readInt(in);
        Optional<String> language = readOptional(in);
        String entryPath = readString(in);
        String referrer = readString(in);
        Optional<String> ipAddress = readOptional(in);
        Instant startedAt = readInstant(in);
        Optional<String> clientIp = readOptional(in);
        Optional<String> country = readOptional(in);
        Optional<String> state = readOptional(in);
        Optional<Location> location = country.map(c -> new Location(c, state.orElse(Location.UNKNOWN_VALUE)));
        SessionLocation located = location.map(known -> new SessionLocation(() -> known))
                .orElseGet(() -> locator.apply(clientIp));
        SessionStart start = new SessionStart(websiteId, visitorId, agent, width, height, language, entryPath,
                referrer, ipAddress, located);
        return new SpoolEntry.SessionOrigin(recordId, start, startedAt, clientIp, location);
    }

    private static void writeRequest(DataOutputStream out, RequestInfo request) throws IOException {
        writeOptional(out, request.clientIp());
        writeOptional(out, request.userAgent());
        out.writeInt(request.headers().size());
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            writeString(out, header.getKey());
            writeString(out, header.getValue());
        }
        writeString(out, request.path());
        writeOptional(out, request.referrer());
        writeOptional(out, request.origin());
    }

    private static RequestInfo readRequest(DataInputStream in) throws IOException {
        Optional<String> clientIp = readOptional(in);
        Optional<String> userAgent = readOptional(in);
        Map<String, String> headers = new TreeMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            headers.put(readString(in), readString(in));
        }
        return new RequestInfo(clientIp, userAgent, headers, readString(in), readOptional(in), readOptional(in));
    }

    private static void writeEvent(DataOutputStream out, TrackedEvent event) throws IOException {
        writeString(out, event.type().wireName());
        writeString(out, event.name());
        writeString(out, event.url());
        writeString(out, event.host());
        writeString(out, event.path());
        writeString(out, event.referrer());
        writeInt(out, event.screenWidth());
        writeInt(out, event.screenHeight());
        writeOptional(out, event.language());
        writeOptional(out, event.customData().map(JsonObject::toString));
        writeString(out, event.errorMessage());
        writeString(out, event.stackTrace());
    }

    private static TrackedEvent readEvent(DataInputStream in) throws IOException {
        return new TrackedEvent(eventType(readString(in)), readString(in), readString(in), readString(in),
                readString(in), readString(in), readInt(in), readInt(in), readOptional(in),
                readOptional(in).map(EntryCodec::json), readString(in), readString(in));
    }

    private static EventType eventType(String wireName) throws IOException {
        for (EventType type : EventType.values()) {
            if (type.wireName().equals(wireName)) {
                return type;
            }
        }
        throw new IOException("unknown event type in the spool");
    }

    private static void writeInSummary(DataOutputStream out, SessionInSummary inSummary) throws IOException {
        out.writeInt(inSummary.eventsWritten());
        out.writeBoolean(inSummary.counted());
        out.writeBoolean(inSummary.engaged());
        out.writeBoolean(inSummary.deferred() != null);
        if (inSummary.deferred() != null) {
            writeString(out, inSummary.deferred().type().wireName());
            writeString(out, inSummary.deferred().key());
            writeInstant(out, inSummary.deferred().at());
        }
    }

    private static SessionInSummary readInSummary(DataInputStream in) throws IOException {
        int written = in.readInt();
        boolean counted = in.readBoolean();
        boolean engaged = in.readBoolean();
        CountedEvent deferred = in.readBoolean()
                ? new CountedEvent(eventType(readString(in)), readString(in), readInstant(in)) : null;
        return new SessionInSummary(written, counted, engaged, deferred);
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > Frames.MAX_PAYLOAD) {
            throw new IOException("damaged string in the spool");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static void writeOptional(DataOutputStream out, Optional<String> value) throws IOException {
        out.writeBoolean(value.isPresent());
        if (value.isPresent()) {
            writeString(out, value.get());
        }
    }

    private static Optional<String> readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? Optional.of(readString(in)) : Optional.empty();
    }

    private static void writeInt(DataOutputStream out, Optional<Integer> value) throws IOException {
        out.writeBoolean(value.isPresent());
        if (value.isPresent()) {
            out.writeInt(value.get());
        }
    }

    private static Optional<Integer> readInt(DataInputStream in) throws IOException {
        return in.readBoolean() ? Optional.of(in.readInt()) : Optional.empty();
    }

    private static void writeInstant(DataOutputStream out, Instant at) throws IOException {
        out.writeLong(at.getEpochSecond());
        out.writeInt(at.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}

package io.accessledger.deploy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.CloseableIterator;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * What reading the replay's records back costs by codec (docs/BENCHMARKS.md, "Audit replay", fourteenth round): the
 * benchmark's records ({@link ReplayBenchmark.Mix}: the yearly mix, the outbox's headers) put in record batches per
 * topic and partition as a producer fills them (up to {@code -Dbench.codec.batch} bytes, 262,144 by default, the
 * benchmark producer's {@code batch.size}; the services' producers send with {@code linger.ms} 0, so smaller batches),
 * with each codec; then, in alternating rounds, the thread's CPU time to read every record back as the consumer does
 * (each batch's streaming iterator with a kept {@link BufferSupplier}, each record's key, value and headers touched),
 * and the bytes the batches take (the log's size on disk). Not part of the test suite (not named {@code *Test}):
 * {@code ./mvnw -B -ntp -q -o -pl deploy -am verify -Dtest=CodecReadBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dsurefire.redirectTestOutputToFile=false [-Dbench.codec.events=200000] [-Dbench.codec.batch=262144]}.
 */
class CodecReadBenchmark {
    private static final int PARTITIONS = 3;

    @Test
    void readBackCostAndSizeByCodec() throws Exception {
        int events = Integer.getInteger("bench.codec.events", 200_000);
        int batchBytes = Integer.getInteger("bench.codec.batch", 256 * 1024);
        int rounds = Integer.getInteger("bench.codec.rounds", 8);
        ReplayBenchmark.Mix mix = new ReplayBenchmark.Mix();
        Map<String, List<ProducerRecord<String, byte[]>>> byPartition = new LinkedHashMap<>();
        long valueBytes = 0;
        for (long i = 0; i < events; i++) {
            ProducerRecord<String, byte[]> record = mix.record(i, events);
            valueBytes += record.value().length;
            int partition = Utils.toPositive(Utils.murmur2(record.key().getBytes(StandardCharsets.UTF_8)))
                    % PARTITIONS;
            byPartition.computeIfAbsent(record.topic() + "-" + partition, tp -> new ArrayList<>()).add(record);
        }
        Map<String, Compression> codecs = new LinkedHashMap<>();
        codecs.put("none", Compression.NONE);
        codecs.put("lz4 (level 9, default)", Compression.lz4().build());
        codecs.put("lz4 level 1", Compression.lz4().level(1).build());
        codecs.put("snappy", Compression.snappy().build());
        codecs.put("zstd (level 3, default)", Compression.zstd().build());
        codecs.put("zstd level 1", Compression.zstd().level(1).build());
        codecs.put("zstd level -1", Compression.zstd().level(-1).build());
        codecs.put("zstd level 6", Compression.zstd().level(6).build());
        Map<String, List<MemoryRecords>> logs = new LinkedHashMap<>();
        Map<String, long[]> sizes = new LinkedHashMap<>(); // bytes, batches, write ns
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Map.Entry<String, Compression> codec : codecs.entrySet()) {
            long cpu = threads.getCurrentThreadCpuTime();
            List<MemoryRecords> log = new ArrayList<>();
            for (List<ProducerRecord<String, byte[]>> records : byPartition.values()) {
                log.addAll(batches(records, codec.getValue(), batchBytes));
            }
            long written = threads.getCurrentThreadCpuTime() - cpu;
            logs.put(codec.getKey(), log);
            sizes.put(codec.getKey(), new long[] {log.stream().mapToLong(MemoryRecords::sizeInBytes).sum(),
                log.stream().mapToLong(CodecReadBenchmark::batchCount).sum(), written});
        }
        Map<String, long[]> readNanos = new LinkedHashMap<>();
        codecs.keySet().forEach(name -> readNanos.put(name, new long[rounds]));
        long touched = 0;
        for (int round = -2; round < rounds; round++) { // two rounds of warm-up
            for (String name : codecs.keySet()) {
                long cpu = threads.getCurrentThreadCpuTime();
                touched += read(logs.get(name));
                if (round >= 0) {
                    readNanos.get(name)[round] = threads.getCurrentThreadCpuTime() - cpu;
                }
            }
        }
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, """
                %,d records, %,d value bytes, batches up to %,d bytes, %d rounds (%d touched)
                | codec | bytes a record (log) | of the uncompressed | batches | write, ns a record (first pass) | \
                read, ns a record: min, median, max |
                | --- | ---: | ---: | ---: | ---: | --- |
                """, events, valueBytes, batchBytes, rounds, touched));
        long plain = sizes.get("none")[0];
        for (String name : codecs.keySet()) {
            long[] size = sizes.get(name);
            long[] read = readNanos.get(name).clone();
            Arrays.sort(read);
            report.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f %% | %,d | %,.0f | %,.0f, %,.0f, %,.0f |%n",
                    name, (double) size[0] / events, 100.0 * size[0] / plain, size[1], (double) size[2] / events,
                    (double) read[0] / events, (double) read[rounds / 2] / events,
                    (double) read[rounds - 1] / events));
        }
        System.out.println(report);
    }

    /** The records in batches as a producer fills them: a batch is closed when the next record has no room. */
    private static List<MemoryRecords> batches(List<ProducerRecord<String, byte[]>> records, Compression compression,
            int batchBytes) {
        List<MemoryRecords> batches = new ArrayList<>();
        MemoryRecordsBuilder builder = null;
        long offset = 0;
        for (ProducerRecord<String, byte[]> record : records) {
            byte[] key = record.key().getBytes(StandardCharsets.UTF_8);
            Header[] headers = record.headers().toArray();
            if (builder != null && !builder.hasRoomFor(0L, key, record.value(), headers)) {
                batches.add(builder.build());
                builder = null;
            }
            if (builder == null) {
                builder = new MemoryRecordsBuilder(ByteBuffer.allocate(batchBytes), RecordBatch.MAGIC_VALUE_V2,
                        compression, TimestampType.CREATE_TIME, offset, RecordBatch.NO_TIMESTAMP,
                        RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false,
                        false, RecordBatch.NO_PARTITION_LEADER_EPOCH, batchBytes);
            }
            builder.appendWithOffset(offset++, 1_767_225_600_000L + offset, key, record.value(), headers);
        }
        if (builder != null) {
            batches.add(builder.build());
        }
        return batches;
    }

    private static long batchCount(MemoryRecords records) {
        long count = 0;
        for (RecordBatch ignored : records.batches()) {
            count++;
        }
        return count;
    }

    /** Every record read back as the consumer's fetch reads it; returns a sum of what was touched. */
    private static long read(List<MemoryRecords> log) {
        long touched = 0;
        try (BufferSupplier buffers = BufferSupplier.create()) {
            for (MemoryRecords records : log) {
                for (RecordBatch batch : records.batches()) {
                    try (CloseableIterator<Record> iterator = batch.streamingIterator(buffers)) {
                        while (iterator.hasNext()) {
                            Record record = iterator.next();
                            byte[] value = Utils.toNullableArray(record.value());
                            touched += value.length + record.keySize() + record.headers().length;
                        }
                    }
                }
            }
        }
        return touched;
    }
}

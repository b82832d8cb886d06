import java.lang.management.*;
import java.nio.file.*;
import java.util.*;
import com.github.luben.zstd.*;
import net.jpountz.lz4.*;

/**
 * Compression CPU (thread CPU time, minimum of N passes) and stored/raw ratio of Zstandard level 1 with hash log 12
 * (what ChunkEncoder writes) against LZ4 (JNI and pure Java, fast and HC level 3) over files cut into 1 MiB chunks.
 * Issue 8, twelfth round: was LZ4 worth a chunk format 3? Usage: run.sh PASSES FILE...
 */
public class Codecs {
  static ThreadMXBean T = ManagementFactory.getThreadMXBean();
  interface C { int run(byte[] in, int off, int len, byte[] out); }
  public static void main(String[] a) throws Exception {
    int chunk = 1 << 20;
    int passes = Integer.parseInt(a[0]);
    ZstdCompressCtx z = new ZstdCompressCtx().setLevel(1).setHashLog(12);
    LZ4Factory nat = LZ4Factory.nativeInstance();
    LZ4Factory jav = LZ4Factory.fastestJavaInstance();
    LZ4Compressor ln = nat.fastCompressor(), lj = jav.fastCompressor();
    LZ4Compressor hc = nat.highCompressor(3);
    Map<String,C> cs = new LinkedHashMap<>();
    cs.put("zstd1-hl12", (in,o,l,out) -> z.compressByteArray(out,0,out.length,in,o,l));
    cs.put("lz4-jni", (in,o,l,out) -> ln.compress(in,o,l,out,0,out.length));
    cs.put("lz4-java", (in,o,l,out) -> lj.compress(in,o,l,out,0,out.length));
    cs.put("lz4hc3-jni", (in,o,l,out) -> hc.compress(in,o,l,out,0,out.length));
    for (int i = 1; i < a.length; i++) {
      byte[] data = Files.readAllBytes(Path.of(a[i]));
      byte[] out = new byte[chunk * 2];
      for (var e : cs.entrySet()) {
        long best = Long.MAX_VALUE, total = 0;
        for (int p = 0; p < passes; p++) {
          long t0 = T.getCurrentThreadCpuTime(); total = 0;
          for (int off = 0; off < data.length; off += chunk) {
            total += e.getValue().run(data, off, Math.min(chunk, data.length - off), out);
          }
          best = Math.min(best, T.getCurrentThreadCpuTime() - t0);
        }
        System.out.printf("%-12s %-12s ratio %.4f  compress %.1f ms/100MB (min of %d)%n", a[i], e.getKey(),
            (double) total / data.length, best / 1e6 * (100.0 * 1024 * 1024 / data.length), passes);
      }
    }
  }
}

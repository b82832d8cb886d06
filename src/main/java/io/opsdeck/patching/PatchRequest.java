package io.opsdeck.patching;

import java.util.List;

/**
 * @param mode update mode
 * @param packages packages for critical
 * @param cves CVE ids for critical
 * @param reboot reboot when required
 * @param check check mode
 */
public record PatchRequest(PatchMode mode, List<String> packages, List<String> cves, boolean reboot, boolean check) {
}

/**
 * Which symfony/mailer releases enforce `require_tls`. The option arrived in 7.3, and
 * advisory CVE-2026-133751 (PKSA-vqxj-j8fm-1q3k, "Mailer's require_tls Can Be Bypassed
 * by a Man in the Middle") lists 7.3.0–7.4.23 and 8.0.0–8.1.11 as affected: the fixes
 * are 7.4.24 and 8.1.12, and the 7.3 and 8.0 branches got none. CVE-2026-133755 (replies
 * injected right after STARTTLS) covers the same releases.
 */
export const REQUIRE_TLS_ADVISORY = 'CVE-2026-133751';
export const REQUIRE_TLS_FIXED = { '7.4': '7.4.24', '8.1': '8.1.12' } as const;

/** One sentence for the snippets that set the option. */
export const REQUIRE_TLS_VERSIONS =
  `symfony/mailer ${REQUIRE_TLS_FIXED['7.4']} or later in 7.4, or ${REQUIRE_TLS_FIXED['8.1']} or later: it arrived in 7.3, but a man in the middle can bypass it in 7.3.x, 7.4 before ${REQUIRE_TLS_FIXED['7.4']}, 8.0.x and 8.1 before ${REQUIRE_TLS_FIXED['8.1']} (advisory ${REQUIRE_TLS_ADVISORY})`;

package adot.testkit;

/**
 * The default test universe: its servers, zones and the names the resolver's tests query. All names are absolute.
 * Zone files: {@code src/main/resources/adot/testkit/zones/}. With the default address base the servers get
 * 127.53.0.1, .2, ... in the order of the {@code NS_*} constants below (the {@code SERVER_ORDER} array); use
 * {@link Universe#addressOf} rather than hard-coding addresses. TTLs are 3600 for data, 86400/172800 for
 * delegations, negative answers carry the SOA with TTL 300 (SOA minimum), except where noted. docs/testing.md
 * has the same table.
 */
public final class DefaultUniverse {
    private DefaultUniverse() {}

    // ---------------------------------------------------------------- servers (declaration = address order)
    /** Root server 1 (127.53.0.1), zone {@code .}. */
    public static final String NS_ROOT_A = "a.root-servers.test.";
    /** Root server 2 (127.53.0.2), zone {@code .}. */
    public static final String NS_ROOT_B = "b.root-servers.test.";
    /** TLD server of {@code com.} (127.53.0.3). */
    public static final String NS_COM = "ns1.nic.com.";
    /** TLD server of {@code net.} (127.53.0.4). */
    public static final String NS_NET = "ns1.nic.net.";
    /** TLD server of {@code org.} (127.53.0.5). */
    public static final String NS_ORG = "ns1.nic.org.";
    /** TLD server of {@code test.} (127.53.0.6); also holds the root servers' A records. */
    public static final String NS_TEST = "ns1.nic.test.";
    /** Server of {@code example.com.} (127.53.0.7), in-bailiwick glue in com. */
    public static final String NS_EXAMPLE_COM = "ns1.example.com.";
    /** Server of {@code example.net.} (127.53.0.8). */
    public static final String NS_EXAMPLE_NET = "ns1.example.net.";
    /** Server of {@code example.org.} (127.53.0.9). */
    public static final String NS_EXAMPLE_ORG = "ns1.example.org.";
    /** Server of the delegated {@code _acme-challenge.example.com.} (127.53.0.10). */
    public static final String NS_ACME = "ns1.acme.example.com.";
    /** Server of {@code glueless.com.} (127.53.0.11); its address is only in example.net. */
    public static final String NS_GLUELESS = "ns-glueless.example.net.";
    /** Live server of {@code halfdead.com.} (127.53.0.12). */
    public static final String NS_HALFDEAD_1 = "ns1.halfdead.com.";
    /** Dead server of {@code halfdead.com.} (127.53.0.13): {@link Fault#SILENT} from the start. */
    public static final String NS_HALFDEAD_2 = "ns2.halfdead.com.";
    /** The server com. delegates {@code lame.com.} to (127.53.0.14); it serves no zone: REFUSED to everything. */
    public static final String NS_LAME = "ns1.lame.com.";
    /** DoT-capable server of {@code dot1.test.} (127.53.0.15). */
    public static final String NS_DOT1 = "ns1.dot1.test.";
    /** DoT-capable server of {@code dot2.test.} (127.53.0.16). */
    public static final String NS_DOT2 = "ns1.dot2.test.";
    /** Plain-only server of {@code plain.test.} (127.53.0.17): connection refused on the DoT port. */
    public static final String NS_PLAIN = "ns1.plain.test.";
    /** Server of {@code blackhole.test.} (127.53.0.18): Do53 fine, DoT {@link Fault#DOT_BLACK_HOLE} from the start. */
    public static final String NS_BLACKHOLE = "ns1.blackhole.test.";
    /** DoT-capable server of {@code mixed.test.} (127.53.0.19). */
    public static final String NS_MIXED_DOT = "ns1.mixed.test.";
    /** Plain-only server of {@code mixed.test.} (127.53.0.20). */
    public static final String NS_MIXED_PLAIN = "ns2.mixed.test.";
    /** Server of {@code spoof.test.} (127.53.0.21): {@link Fault#SPOOF} from the start. */
    public static final String NS_SPOOF = "ns1.spoof.test.";
    /** Server of {@code bomb.test.} (127.53.0.22), which refers {@code attack.bomb.test.} to 30 non-existent NS. */
    public static final String NS_BOMB = "ns1.bomb.test.";

    /** Every server in address order (the i-th has address base + i + 1). */
    public static final String[] SERVER_ORDER = {
        NS_ROOT_A, NS_ROOT_B, NS_COM, NS_NET, NS_ORG, NS_TEST, NS_EXAMPLE_COM, NS_EXAMPLE_NET, NS_EXAMPLE_ORG, NS_ACME,
        NS_GLUELESS, NS_HALFDEAD_1, NS_HALFDEAD_2, NS_LAME, NS_DOT1, NS_DOT2, NS_PLAIN, NS_BLACKHOLE, NS_MIXED_DOT,
        NS_MIXED_PLAIN, NS_SPOOF, NS_BOMB
    };

    /** The DoT-capable servers. */
    public static final String[] DOT_SERVERS = {NS_DOT1, NS_DOT2, NS_BLACKHOLE, NS_MIXED_DOT};

    // ---------------------------------------------------------------- example.com.: the basic shapes
    /** A 192.0.2.1 and AAAA 2001:db8::1; MX → NODATA. */
    public static final String WWW_EXAMPLE_COM = "www.example.com.";
    public static final String WWW_EXAMPLE_COM_A = "192.0.2.1";
    public static final String WWW_EXAMPLE_COM_AAAA = "2001:db8::1";
    /** Apex: MX 10 mail.example.com. (with mail's A in additional), TXT "v=spf1 -all". */
    public static final String EXAMPLE_COM = "example.com.";
    public static final String MAIL_EXAMPLE_COM = "mail.example.com.";
    public static final String MAIL_EXAMPLE_COM_A = "192.0.2.25";
    /** A 192.0.2.4 only: AAAA → NODATA (NOERROR, empty answer, SOA in authority). */
    public static final String V4ONLY_EXAMPLE_COM = "v4only.example.com.";
    public static final String V4ONLY_EXAMPLE_COM_A = "192.0.2.4";
    /** TXT "hello from the adot test universe". */
    public static final String TXT_EXAMPLE_COM = "txt.example.com.";
    public static final String TXT_EXAMPLE_COM_TEXT = "hello from the adot test universe";
    /** A 192.0.2.5 with TTL 5 s (expiry tests). */
    public static final String SHORT_EXAMPLE_COM = "short.example.com.";
    public static final String SHORT_EXAMPLE_COM_A = "192.0.2.5";
    public static final long SHORT_EXAMPLE_COM_TTL = 5;
    /** CNAME www.example.com.; the server chases it: answer = CNAME + www's A. */
    public static final String ALIAS_EXAMPLE_COM = "alias.example.com.";
    /** CNAME alias.example.com. (a two-step in-zone chain): answer = 2 CNAMEs + A. */
    public static final String ALIAS2_EXAMPLE_COM = "alias2.example.com.";
    /** CNAME www.example.net. (another zone): answer = the CNAME only; the resolver must follow it. */
    public static final String CROSS_EXAMPLE_COM = "cross.example.com.";
    /** CNAME missing.example.com.: answer = the CNAME, rcode NXDOMAIN, SOA in authority. */
    public static final String DANGLING_EXAMPLE_COM = "dangling.example.com.";
    /** Does not exist: NXDOMAIN with the SOA (TTL 300) in authority. */
    public static final String NXDOMAIN_EXAMPLE_COM = "does-not-exist.example.com.";
    /** Empty non-terminals (only a.b.ent.example.com. has data, A 192.0.2.7): NODATA, not NXDOMAIN. */
    public static final String ENT_EXAMPLE_COM = "ent.example.com.";
    public static final String ENT2_EXAMPLE_COM = "b.ent.example.com.";
    public static final String ENT_LEAF_EXAMPLE_COM = "a.b.ent.example.com.";
    public static final String ENT_LEAF_EXAMPLE_COM_A = "192.0.2.7";
    /** Wildcard {@code *.wild.example.com.}: any name below answers A 192.0.2.42 / TXT "wildcard" (AAAA → NODATA). */
    public static final String WILDCARD_EXAMPLE_COM = "anything.wild.example.com.";
    public static final String WILDCARD_EXAMPLE_COM_A = "192.0.2.42";
    /** In-zone CNAME loop loop1 → loop2 → loop1: the server returns both CNAMEs and stops. */
    public static final String LOOP1_EXAMPLE_COM = "loop1.example.com.";
    public static final String LOOP2_EXAMPLE_COM = "loop2.example.com.";
    /** Cross-zone CNAME loop loop.example.com. → loop.example.net. → loop.example.com. */
    public static final String LOOP_EXAMPLE_COM = "loop.example.com.";
    public static final String LOOP_EXAMPLE_NET = "loop.example.net.";
    /** TXT of 8 strings (about 1.6 KB): TC=1 over UDP with a 1232-byte (or 512) buffer, complete over TCP. */
    public static final String BIG_TXT_EXAMPLE_COM = "big.example.com.";
    public static final int BIG_TXT_STRINGS = 8;
    /** Delegated to {@link #NS_ACME}; TXT "acme-token-1234567890" at its apex, TTL 60. */
    public static final String ACME_CHALLENGE_EXAMPLE_COM = "_acme-challenge.example.com.";
    public static final String ACME_TOKEN = "acme-token-1234567890";

    // ---------------------------------------------------------------- other zones
    /** A 192.0.2.101 (target of {@link #CROSS_EXAMPLE_COM}). */
    public static final String WWW_EXAMPLE_NET = "www.example.net.";
    public static final String WWW_EXAMPLE_NET_A = "192.0.2.101";
    /** A 192.0.2.201. */
    public static final String WWW_EXAMPLE_ORG = "www.example.org.";
    public static final String WWW_EXAMPLE_ORG_A = "192.0.2.201";
    /** DNAME old.example.org. → example.net.: answer = DNAME + synthesized CNAME to www.example.net. */
    public static final String WWW_OLD_EXAMPLE_ORG = "www.old.example.org.";
    /** Glueless delegation (com. → ns-glueless.example.net., no glue): A 192.0.2.61. */
    public static final String WWW_GLUELESS_COM = "www.glueless.com.";
    public static final String WWW_GLUELESS_COM_A = "192.0.2.61";
    /** NS ns1 (alive) and ns2 (SILENT): A 192.0.2.71. */
    public static final String WWW_HALFDEAD_COM = "www.halfdead.com.";
    public static final String WWW_HALFDEAD_COM_A = "192.0.2.71";
    /** Lame delegation: com. refers to ns1.lame.com., which answers REFUSED; no answer exists. */
    public static final String WWW_LAME_COM = "www.lame.com.";
    /** On a DoT-capable server: A 192.0.2.131. */
    public static final String WWW_DOT1_TEST = "www.dot1.test.";
    public static final String WWW_DOT1_TEST_A = "192.0.2.131";
    /** On a DoT-capable server: A 192.0.2.132. */
    public static final String WWW_DOT2_TEST = "www.dot2.test.";
    public static final String WWW_DOT2_TEST_A = "192.0.2.132";
    /** On a plain-only server: A 192.0.2.133. */
    public static final String WWW_PLAIN_TEST = "www.plain.test.";
    public static final String WWW_PLAIN_TEST_A = "192.0.2.133";
    /** On a DoT-black-holed server (Do53 answers): A 192.0.2.134. */
    public static final String WWW_BLACKHOLE_TEST = "www.blackhole.test.";
    public static final String WWW_BLACKHOLE_TEST_A = "192.0.2.134";
    /** On one DoT-capable and one plain-only server: A 192.0.2.135. */
    public static final String WWW_MIXED_TEST = "www.mixed.test.";
    public static final String WWW_MIXED_TEST_A = "192.0.2.135";
    /** On the spoofing server: real A 192.0.2.81, forged A {@link AuthServer#FORGED_ADDRESS}. */
    public static final String WWW_SPOOF_TEST = "www.spoof.test.";
    public static final String WWW_SPOOF_TEST_A = "192.0.2.81";
    /** A 192.0.2.91 on the referral-bomb server (the zone itself is healthy). */
    public static final String WWW_BOMB_TEST = "www.bomb.test.";
    public static final String WWW_BOMB_TEST_A = "192.0.2.91";
    /** Anything under attack.bomb.test. gets a referral to ns1..ns30.nxns-victim.org. (no glue; org. says NXDOMAIN). */
    public static final String WWW_ATTACK_BOMB_TEST = "www.attack.bomb.test.";
    public static final String NXNS_VICTIM_DOMAIN = "nxns-victim.org.";
    public static final int BOMB_NS_COUNT = 30;

    /** Declares the default zones and servers on {@code b} (in {@link #SERVER_ORDER}). */
    static void addTo(UniverseBuilder b) {
        String[] zones = {".", "com.", "net.", "org.", "test.", "example.com.", "example.net.", "example.org.",
            "_acme-challenge.example.com.", "glueless.com.", "halfdead.com.", "dot1.test.", "dot2.test.",
            "plain.test.", "blackhole.test.", "mixed.test.", "spoof.test.", "bomb.test."};
        for (String z : zones) {
            b.zone(z, ZoneTexts.resource(z.equals(".") ? "root.zone" : z + "zone"));
        }
        b.server(NS_ROOT_A, false, ".")
                .server(NS_ROOT_B, false, ".")
                .server(NS_COM, false, "com.")
                .server(NS_NET, false, "net.")
                .server(NS_ORG, false, "org.")
                .server(NS_TEST, false, "test.")
                .server(NS_EXAMPLE_COM, false, "example.com.")
                .server(NS_EXAMPLE_NET, false, "example.net.")
                .server(NS_EXAMPLE_ORG, false, "example.org.")
                .server(NS_ACME, false, "_acme-challenge.example.com.")
                .server(NS_GLUELESS, false, "glueless.com.")
                .server(NS_HALFDEAD_1, false, "halfdead.com.")
                .server(NS_HALFDEAD_2, false, "halfdead.com.")
                .fault(NS_HALFDEAD_2, Fault.SILENT)
                .server(NS_LAME, false)
                .server(NS_DOT1, true, "dot1.test.")
                .server(NS_DOT2, true, "dot2.test.")
                .server(NS_PLAIN, false, "plain.test.")
                .server(NS_BLACKHOLE, true, "blackhole.test.")
                .fault(NS_BLACKHOLE, Fault.DOT_BLACK_HOLE)
                .server(NS_MIXED_DOT, true, "mixed.test.")
                .server(NS_MIXED_PLAIN, false, "mixed.test.")
                .server(NS_SPOOF, false, "spoof.test.")
                .fault(NS_SPOOF, Fault.SPOOF)
                .server(NS_BOMB, false, "bomb.test.");
    }
}

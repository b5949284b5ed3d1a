/*
 * v6h_oracle.fdx: a freeDiameter extension that makes freeDiameterd an oracle for our Diameter
 * code (test/interop/freediameter.test.ts compiles it against libfreediameter-dev at test time).
 *
 * 1. The dictionaries Debian packages (freediameter-extensions 1.2.1) hold the S6a AVPs
 *    (dict_dcca_3gpp) but not the S6a application or its commands, so a relayed Update Location
 *    would never be parsed. This adds the application (TS 29.272 §7.1.8: 16777251, vendor 10415),
 *    Update-Location-Request/Answer (§7.2.3, §7.2.4: code 316, proxiable) and the ABNF of the
 *    grouped AVPs our HSS stand-in sends (§7.3.2, §7.3.34, §7.3.35, §7.3.37, §7.3.41), written
 *    from TS 29.272; it does not announce S6a support, so the daemon stays a relay for S6a.
 * 2. For every message the daemon receives (HOOK_MESSAGE_RECEIVED) it parses the message against
 *    the dictionary and its rules (fd_msg_parse_rules: AVP lengths, types, grouped contents,
 *    required/fixed/maximum occurrences), compares the command flags and every AVP's V and M
 *    flags with what the dictionary fixes (RFC 6733 §3, §4.1), and logs one line:
 *      v6h-oracle: from <peer> <Command-Name> R=. P=. E=.: ok
 *      v6h-oracle: from <peer> <Command-Name> R=. P=. E=.: <problem>; <problem>
 */
#include <freeDiameter/extension.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define VENDOR_3GPP 10415
#define APP_S6A 16777251
#define CMD_UPDATE_LOCATION 316

struct rule {
	const char *avp;
	vendor_id_t vendor;
	enum rule_position position;
	int min, max;
};

static struct dict_object *find_avp(const char *name, vendor_id_t vendor)
{
	struct dict_object *o = NULL;
	if (vendor) {
		struct dict_avp_request r = { .avp_vendor = vendor, .avp_name = (char *)name };
		(void)fd_dict_search(fd_g_config->cnf_dict, DICT_AVP, AVP_BY_NAME_AND_VENDOR, &r, &o, ENOENT);
	} else {
		(void)fd_dict_search(fd_g_config->cnf_dict, DICT_AVP, AVP_BY_NAME, name, &o, ENOENT);
	}
	return o;
}

/* Adds `rules` to `parent` (a command, or a grouped AVP); an AVP the dictionaries lack fails the load. */
static int add_rules(struct dict_object *parent, const char *what, const struct rule *rules, size_t n)
{
	unsigned head = 0;
	for (size_t i = 0; i < n; i++) {
		struct dict_rule_data d = { 0 };
		d.rule_avp = find_avp(rules[i].avp, rules[i].vendor);
		if (!d.rule_avp) {
			LOG_E("v6h-oracle: no AVP '%s' (vendor %u) in the dictionary for the rules of %s", rules[i].avp, rules[i].vendor, what);
			return ENOENT;
		}
		d.rule_position = rules[i].position;
		d.rule_order = rules[i].position == RULE_FIXED_HEAD ? ++head : 0;
		d.rule_min = rules[i].min;
		d.rule_max = rules[i].max;
		CHECK_FCT(fd_dict_new(fd_g_config->cnf_dict, DICT_RULE, &d, parent, NULL));
	}
	return 0;
}

static int add_group_rules(const char *name, vendor_id_t vendor, const struct rule *rules, size_t n)
{
	struct dict_object *group = find_avp(name, vendor);
	if (!group) {
		LOG_E("v6h-oracle: no grouped AVP '%s' in the dictionary", name);
		return ENOENT;
	}
	return add_rules(group, name, rules, n);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define G VENDOR_3GPP

/* TS 29.272 §7.2.3 Update-Location-Request (the AVPs an MME sends on an initial attach). */
static const struct rule ulr[] = {
	{ "Session-Id", 0, RULE_FIXED_HEAD, -1, 1 },
	{ "Vendor-Specific-Application-Id", 0, RULE_OPTIONAL, -1, 1 },
	{ "Auth-Session-State", 0, RULE_REQUIRED, -1, 1 },
	{ "Origin-Host", 0, RULE_REQUIRED, -1, 1 },
	{ "Origin-Realm", 0, RULE_REQUIRED, -1, 1 },
	{ "Destination-Host", 0, RULE_OPTIONAL, -1, 1 },
	{ "Destination-Realm", 0, RULE_REQUIRED, -1, 1 },
	{ "User-Name", 0, RULE_REQUIRED, -1, 1 },
	{ "RAT-Type", G, RULE_REQUIRED, -1, 1 },
	{ "ULR-Flags", G, RULE_REQUIRED, -1, 1 },
	{ "Visited-PLMN-Id", G, RULE_REQUIRED, -1, 1 },
	{ "Proxy-Info", 0, RULE_OPTIONAL, -1, -1 },
	{ "Route-Record", 0, RULE_OPTIONAL, -1, -1 },
};

/* TS 29.272 §7.2.4 Update-Location-Answer. */
static const struct rule ula[] = {
	{ "Session-Id", 0, RULE_FIXED_HEAD, -1, 1 },
	{ "Vendor-Specific-Application-Id", 0, RULE_OPTIONAL, -1, 1 },
	{ "Result-Code", 0, RULE_OPTIONAL, -1, 1 },
	{ "Experimental-Result", 0, RULE_OPTIONAL, -1, 1 },
	{ "Auth-Session-State", 0, RULE_REQUIRED, -1, 1 },
	{ "Origin-Host", 0, RULE_REQUIRED, -1, 1 },
	{ "Origin-Realm", 0, RULE_REQUIRED, -1, 1 },
	{ "ULA-Flags", G, RULE_OPTIONAL, -1, 1 },
	{ "Subscription-Data", G, RULE_OPTIONAL, -1, 1 },
	{ "Failed-AVP", 0, RULE_OPTIONAL, -1, -1 },
	{ "Proxy-Info", 0, RULE_OPTIONAL, -1, -1 },
	{ "Route-Record", 0, RULE_OPTIONAL, -1, -1 },
};

/* §7.3.2 Subscription-Data: every member optional, at most once (those our HSS sends). */
static const struct rule subscription_data[] = {
	{ "Subscriber-Status", G, RULE_OPTIONAL, -1, 1 },
	{ "MSISDN", G, RULE_OPTIONAL, -1, 1 },
	{ "Network-Access-Mode", G, RULE_OPTIONAL, -1, 1 },
	{ "AMBR", G, RULE_OPTIONAL, -1, 1 },
	{ "APN-Configuration-Profile", G, RULE_OPTIONAL, -1, 1 },
};

/* §7.3.34 APN-Configuration-Profile. */
static const struct rule apn_configuration_profile[] = {
	{ "Context-Identifier", G, RULE_REQUIRED, -1, 1 },
	{ "All-APN-Configurations-Included-Indicator", G, RULE_REQUIRED, -1, 1 },
	{ "APN-Configuration", G, RULE_REQUIRED, 1, -1 },
};

/* §7.3.35 APN-Configuration (Service-Selection is RFC 5778's, vendor 0). */
static const struct rule apn_configuration[] = {
	{ "Context-Identifier", G, RULE_REQUIRED, -1, 1 },
	{ "PDN-Type", G, RULE_REQUIRED, -1, 1 },
	{ "Service-Selection", 0, RULE_REQUIRED, -1, 1 },
	{ "EPS-Subscribed-QoS-Profile", G, RULE_OPTIONAL, -1, 1 },
	{ "AMBR", G, RULE_OPTIONAL, -1, 1 },
};

/* §7.3.37 EPS-Subscribed-QoS-Profile. */
static const struct rule eps_subscribed_qos_profile[] = {
	{ "QoS-Class-Identifier", G, RULE_REQUIRED, -1, 1 },
	{ "Allocation-Retention-Priority", G, RULE_REQUIRED, -1, 1 },
};

/* §7.3.41 AMBR. */
static const struct rule ambr[] = {
	{ "Max-Requested-Bandwidth-UL", G, RULE_REQUIRED, -1, 1 },
	{ "Max-Requested-Bandwidth-DL", G, RULE_REQUIRED, -1, 1 },
};

static int add_s6a(void)
{
	struct dictionary *dict = fd_g_config->cnf_dict;
	struct dict_object *vendor = NULL, *app = NULL, *req = NULL, *ans = NULL;
	vendor_id_t vid = VENDOR_3GPP;
	CHECK_FCT(fd_dict_search(dict, DICT_VENDOR, VENDOR_BY_ID, &vid, &vendor, ENOENT));
	struct dict_application_data a = { APP_S6A, "S6a" };
	CHECK_FCT(fd_dict_new(dict, DICT_APPLICATION, &a, vendor, &app));
	struct dict_cmd_data r = { CMD_UPDATE_LOCATION, "Update-Location-Request", CMD_FLAG_REQUEST | CMD_FLAG_PROXIABLE | CMD_FLAG_ERROR, CMD_FLAG_REQUEST | CMD_FLAG_PROXIABLE };
	struct dict_cmd_data s = { CMD_UPDATE_LOCATION, "Update-Location-Answer", CMD_FLAG_REQUEST | CMD_FLAG_PROXIABLE, CMD_FLAG_PROXIABLE };
	CHECK_FCT(fd_dict_new(dict, DICT_COMMAND, &r, app, &req));
	CHECK_FCT(fd_dict_new(dict, DICT_COMMAND, &s, app, &ans));
	CHECK_FCT(add_rules(req, "Update-Location-Request", ulr, N(ulr)));
	CHECK_FCT(add_rules(ans, "Update-Location-Answer", ula, N(ula)));
	CHECK_FCT(add_group_rules("Subscription-Data", G, subscription_data, N(subscription_data)));
	CHECK_FCT(add_group_rules("APN-Configuration-Profile", G, apn_configuration_profile, N(apn_configuration_profile)));
	CHECK_FCT(add_group_rules("APN-Configuration", G, apn_configuration, N(apn_configuration)));
	CHECK_FCT(add_group_rules("EPS-Subscribed-QoS-Profile", G, eps_subscribed_qos_profile, N(eps_subscribed_qos_profile)));
	CHECK_FCT(add_group_rules("AMBR", G, ambr, N(ambr)));
	return 0;
}

/* Appends one problem to the `; `-separated list in `buf`. */
static void append(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t used = strlen(buf);
	if (used + 2 >= size) return;
	if (used) { strcat(buf, "; "); used += 2; }
	va_start(ap, fmt);
	vsnprintf(buf + used, size - used, fmt, ap);
	va_end(ap);
}

static const char *avp_name(struct avp *avp, char *fallback, size_t size)
{
	struct dict_object *model = NULL;
	struct dict_avp_data data;
	struct avp_hdr *h = NULL;
	if (avp && fd_msg_model(avp, &model) == 0 && model && fd_dict_getval(model, &data) == 0) return data.avp_name;
	if (avp && fd_msg_avp_hdr(avp, &h) == 0) snprintf(fallback, size, "AVP %u/%u", h->avp_code, h->avp_vendor);
	else snprintf(fallback, size, "an AVP");
	return fallback;
}

/* RFC 6733 §4.1: the V and M bits each AVP definition fixes (freeDiameter's flag mask and values). */
static void check_avp_flags(struct msg *msg, char *problems, size_t size)
{
	struct avp *avp = NULL;
	if (fd_msg_browse(msg, MSG_BRW_FIRST_CHILD, &avp, NULL)) return;
	while (avp) {
		struct dict_object *model = NULL;
		struct dict_avp_data data;
		struct avp_hdr *h = NULL;
		if (fd_msg_avp_hdr(avp, &h) == 0) {
			if (fd_msg_model(avp, &model) == 0 && model && fd_dict_getval(model, &data) == 0) {
				if ((h->avp_flags & data.avp_flag_mask) != data.avp_flag_val)
					append(problems, size, "%s flags 0x%02x, the dictionary fixes 0x%02x under mask 0x%02x", data.avp_name, h->avp_flags, data.avp_flag_val, data.avp_flag_mask);
			} else {
				append(problems, size, "unknown AVP %u/%u (flags 0x%02x)", h->avp_code, h->avp_vendor, h->avp_flags);
			}
		}
		if (fd_msg_browse(avp, MSG_BRW_WALK, &avp, NULL)) break;
	}
}

static void on_received(enum fd_hook_type type, struct msg *msg, struct peer_hdr *peer, void *other, struct fd_hook_permsgdata *pmd, void *regdata)
{
	(void)type; (void)pmd; (void)regdata;
	char problems[2048] = "";
	char name[64], fallback[64];
	struct msg_hdr *hdr = NULL;
	struct dict_object *model = NULL;
	struct dict_cmd_data cmd;
	struct fd_pei pei;
	const char *from = peer ? peer->info.pi_diamid : other ? (const char *)other : "?";
	if (!msg || fd_msg_hdr(msg, &hdr)) return;
	memset(&pei, 0, sizeof(pei));
	int ret = fd_msg_parse_rules(msg, fd_g_config->cnf_dict, &pei);
	if (fd_msg_model(msg, &model) == 0 && model && fd_dict_getval(model, &cmd) == 0) {
		snprintf(name, sizeof(name), "%s", cmd.cmd_name);
		/* RFC 6733 §3: the R and P bits the command definition fixes. */
		if ((hdr->msg_flags & cmd.cmd_flag_mask) != cmd.cmd_flag_val)
			append(problems, sizeof(problems), "command flags 0x%02x, the dictionary fixes 0x%02x under mask 0x%02x", hdr->msg_flags, cmd.cmd_flag_val, cmd.cmd_flag_mask);
	} else {
		snprintf(name, sizeof(name), "command %u", hdr->msg_code);
	}
	if (ret)
		append(problems, sizeof(problems), "%s%s%s at %s", pei.pei_errcode ? pei.pei_errcode : strerror(ret), pei.pei_message ? ": " : "",
		       pei.pei_message ? pei.pei_message : "", avp_name(pei.pei_avp, fallback, sizeof(fallback)));
	check_avp_flags(msg, problems, sizeof(problems));
	if (pei.pei_avp_free && pei.pei_avp) fd_msg_free(pei.pei_avp);
	fd_log(FD_LOG_NOTICE, "v6h-oracle: from %s %s R=%d P=%d E=%d: %s", from, name, !!(hdr->msg_flags & CMD_FLAG_REQUEST), !!(hdr->msg_flags & CMD_FLAG_PROXIABLE),
	       !!(hdr->msg_flags & CMD_FLAG_ERROR), problems[0] ? problems : "ok");
}

static struct fd_hook_hdl *hook;

static int oracle_entry(char *conffile)
{
	(void)conffile;
	CHECK_FCT(add_s6a());
	CHECK_FCT(fd_hook_register(HOOK_MASK(HOOK_MESSAGE_RECEIVED), on_received, NULL, NULL, &hook));
	LOG_N("v6h-oracle: S6a dictionary added, checking every received message");
	return 0;
}

void fd_ext_fini(void)
{
	if (hook) fd_hook_unregister(hook);
}

EXTENSION_ENTRY("v6h_oracle", oracle_entry, "dict_dcca_3gpp", "dict_mip6i");

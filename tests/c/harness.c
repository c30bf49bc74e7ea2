#define _GNU_SOURCE /* memmem */
/* The C ABI called from C, as a foreign caller would, against the committed header: every export
 * on good input, NULLs, bad UTF-8, short buffers, bad ranges and its error paths. Run under
 * valgrind memcheck by the test task (0 errors, 0 leaks), with the test panic trigger set so the
 * panic path is exercised too: the harness fails if anything reaches stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/syncmatch.h"

static int checks = 0;
static int failures = 0;

#define EXPECT(cond)                                                            \
    do {                                                                        \
        checks++;                                                               \
        if (!(cond)) {                                                          \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);              \
            failures++;                                                         \
        }                                                                       \
    } while (0)

static char *take(SyncMatchBuffer *buffer);

static uint8_t data[4096];
static size_t used;

static SyncMatchSlot text(const char *value) {
    SyncMatchSlot slot = {SYNC_MATCH_SLOT_KIND_UTF8_TEXT, used, strlen(value)};
    memcpy(data + used, value, strlen(value));
    used += strlen(value);
    return slot;
}

static SyncMatchSlot raw(const uint8_t *bytes, size_t len, uint32_t kind) {
    SyncMatchSlot slot = {kind, used, len};
    memcpy(data + used, bytes, len);
    used += len;
    return slot;
}

/* Reads a buffer as text and frees it; returns a malloc'd copy the caller frees. */
static char *take(SyncMatchBuffer *buffer) {
    const uint8_t *bytes = NULL;
    size_t len = 0;
    EXPECT(syncmatch_buffer_data(buffer, &bytes, &len) == SYNC_MATCH_STATUS_OK);
    char *copy = malloc(len + 1);
    memcpy(copy, bytes, len);
    copy[len] = 0;
    syncmatch_buffer_free(buffer);
    return copy;
}

/* A readiness page, read by the layout syncmatch_readiness_check documents (little-endian, as the
 * machines this runs on). Reading past the end counts as a failed check. */
typedef struct {
    const uint8_t *at, *end;
} Page;

static uint64_t page_number(Page *page, size_t size) {
    uint64_t value = 0;
    if ((size_t)(page->end - page->at) < size) {
        EXPECT(!"the page is shorter than its layout");
        page->at = page->end;
        return 0;
    }
    memcpy(&value, page->at, size);
    page->at += size;
    return value;
}

static void page_text(Page *page) {
    uint32_t len = (uint32_t)page_number(page, 4);
    if (len != UINT32_MAX) {
        EXPECT((size_t)(page->end - page->at) >= len);
        page->at += (size_t)(page->end - page->at) >= len ? len : (size_t)(page->end - page->at);
    }
}

static uint32_t page_findings(Page *page) {
    uint32_t count = (uint32_t)page_number(page, 4);
    for (uint32_t i = 0; i < count; i++) {
        page_number(page, 6); /* rule, severity, group */
        for (int t = 0; t < 5; t++) {
            page_text(page);
        }
        uint32_t conflicts = (uint32_t)page_number(page, 4);
        for (uint32_t c = 0; c < conflicts; c++) {
            page_text(page);
        }
    }
    return count;
}

/* How many findings a findings page holds, read to its end by its layout; frees it. */
static uint32_t findings_count(SyncMatchBuffer *buffer) {
    const uint8_t *bytes = NULL;
    size_t len = 0;
    EXPECT(syncmatch_buffer_data(buffer, &bytes, &len) == SYNC_MATCH_STATUS_OK);
    Page page = {bytes, bytes + len};
    uint32_t count = page_findings(&page);
    EXPECT(page.at == page.end);
    syncmatch_buffer_free(buffer);
    return count;
}

/* Whether a failure page holds a failure with this index, line and status; frees it. */
static int page_has_failure(SyncMatchBuffer *buffer, uint64_t index, uint64_t line, uint32_t status) {
    const uint8_t *bytes = NULL;
    size_t len = 0;
    EXPECT(syncmatch_buffer_data(buffer, &bytes, &len) == SYNC_MATCH_STATUS_OK);
    Page page = {bytes, bytes + len};
    uint32_t count = (uint32_t)page_number(&page, 4);
    int found = 0;
    for (uint32_t i = 0; i < count; i++) {
        uint64_t at = page_number(&page, 8);
        uint64_t on = page_number(&page, 8);
        uint32_t why = (uint32_t)page_number(&page, 4);
        page_text(&page);
        found |= at == index && on == line && why == status;
    }
    EXPECT(page.at == page.end);
    syncmatch_buffer_free(buffer);
    return found;
}

/* A failure page's failures, their indexes and statuses (at most `max`); frees it. */
static uint32_t failures_read(SyncMatchBuffer *buffer, uint64_t *indexes, uint32_t *statuses, uint32_t max) {
    const uint8_t *bytes = NULL;
    size_t len = 0;
    EXPECT(syncmatch_buffer_data(buffer, &bytes, &len) == SYNC_MATCH_STATUS_OK);
    Page page = {bytes, bytes + len};
    uint32_t count = (uint32_t)page_number(&page, 4);
    for (uint32_t i = 0; i < count; i++) {
        uint64_t index = page_number(&page, 8);
        page_number(&page, 8);
        uint32_t status = (uint32_t)page_number(&page, 4);
        page_text(&page);
        if (i < max) {
            indexes[i] = index;
            statuses[i] = status;
        }
    }
    EXPECT(page.at == page.end);
    syncmatch_buffer_free(buffer);
    return count;
}

/* How many failures a failure page holds; frees it. */
static uint32_t failure_count(SyncMatchBuffer *buffer) {
    const uint8_t *bytes = NULL;
    size_t len = 0;
    EXPECT(syncmatch_buffer_data(buffer, &bytes, &len) == SYNC_MATCH_STATUS_OK);
    uint32_t count = 0;
    EXPECT(len >= 4);
    if (len >= 4) {
        memcpy(&count, bytes, 4);
    }
    syncmatch_buffer_free(buffer);
    return count;
}

/* The number of a field, found in the schema description as a foreign caller finds it: its
 * position in "fields". */
static char *schema;

static uint32_t field(const char *name) {
    char needle[96];
    snprintf(needle, sizeof needle, "{\"name\":\"%s\",", name);
    const char *at = strstr(schema, needle);
    EXPECT(at != NULL);
    uint32_t number = 0;
    for (const char *p = strstr(schema, "\"fields\":["); p != NULL && p < at; p = strstr(p + 1, "{\"name\":")) {
        number++;
    }
    return number - 1;
}

/* Rows of cells for one call. */
static SyncMatchCell cells[64];
static size_t cell_count;
static size_t ends[16];
static size_t row_count;

static void rows_clear(void) {
    used = 0;
    cell_count = 0;
    row_count = 0;
}

static void cell(const char *name, SyncMatchSlot slot) {
    cells[cell_count].field = field(name);
    cells[cell_count].value = slot;
    cell_count++;
}

static void row_end(void) {
    ends[row_count++] = cell_count;
}

static SyncMatchRows rows(void) {
    SyncMatchRows batch = {data, used, cells, cell_count, ends, row_count};
    return batch;
}

static void version(void) {
    const uint8_t *text_ptr = NULL;
    size_t len = 0;
    uint32_t abi = 0;
    EXPECT(syncmatch_version(&text_ptr, &len, &abi) == SYNC_MATCH_STATUS_OK);
    EXPECT(len > 0 && abi == SYNCMATCH_ABI_VERSION);
    EXPECT(syncmatch_version(NULL, &len, &abi) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    SyncMatchError *error = (SyncMatchError *)1;
    EXPECT(syncmatch_last_panic_message(&error) == SYNC_MATCH_STATUS_OK && error == NULL);
    EXPECT(syncmatch_last_panic_message(NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);

    SyncMatchBuffer *description = NULL;
    EXPECT(syncmatch_abi_describe(&description) == SYNC_MATCH_STATUS_OK);
    char *json = take(description);
    EXPECT(strstr(json, "\"abiVersion\":") != NULL && strstr(json, "\"SyncMatchCell\"") != NULL);
    free(json);
    EXPECT(syncmatch_abi_describe(NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);

    /* The schema: every field by number, the names each entity reads. */
    SyncMatchBuffer *described = NULL;
    EXPECT(syncmatch_schema_describe(&described) == SYNC_MATCH_STATUS_OK);
    schema = take(described);
    EXPECT(strstr(schema, "[\"EmailAddress\",") != NULL && strstr(schema, "\"getAdUser\":") != NULL);
    EXPECT(field("DistinguishedName") == 0);
    EXPECT(syncmatch_schema_describe(NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);

    /* The warnings an incomplete input earns: for objects seen, or for an export's columns. */
    SyncMatchSeen seen = {2, 1u << field("SamAccountName"), 1u << field("SamAccountName")};
    SyncMatchBuffer *warnings = NULL;
    const char *parameter = "CloudUser";
    EXPECT(syncmatch_input_warnings(SYNC_MATCH_INPUT_SIDE_ON_PREMISES, &seen, NULL, (const uint8_t *)parameter, strlen(parameter), &warnings) == SYNC_MATCH_STATUS_OK);
    char *said = take(warnings);
    EXPECT(strstr(said, "No input object has the properties mail") != NULL);
    free(said);
    EXPECT(syncmatch_input_warnings(SYNC_MATCH_INPUT_SIDE_CLOUD, &seen, NULL, (const uint8_t *)parameter, strlen(parameter), &warnings) == SYNC_MATCH_STATUS_OK);
    said = take(warnings);
    EXPECT(strstr(said, "AssignedLicenses (or IsLicensed)") == NULL);
    free(said);
    /* SynchronizeUpnForManagedUsers off: the cloud users' licences are asked too. */
    EXPECT(syncmatch_input_warnings(SYNC_MATCH_INPUT_SIDE_CLOUD_UPN_UPDATES_BLOCKED, &seen, NULL, (const uint8_t *)parameter, strlen(parameter), &warnings) == SYNC_MATCH_STATUS_OK);
    said = take(warnings);
    EXPECT(strstr(said, "No -CloudUser object has AssignedLicenses (or IsLicensed)") != NULL);
    free(said);
    EXPECT(syncmatch_input_warnings(SYNC_MATCH_INPUT_SIDE_ON_PREMISES, NULL, NULL, NULL, 0, &warnings) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_input_warnings(77, &seen, NULL, NULL, 0, &warnings) == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
    EXPECT(syncmatch_input_warnings(0, &seen, NULL, NULL, 0, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    const uint8_t bad_utf8[] = {0xFF};
    EXPECT(syncmatch_input_warnings(0, &seen, NULL, bad_utf8, 1, &warnings) == SYNC_MATCH_STATUS_INVALID_UTF8);
}

static void anchors(void) {
    rows_clear();
    cell("Value", text("35918bc9-196d-40ea-9779-889d79b753f0"));
    row_end();
    cell("Value", text("not-a-guid"));
    row_end();
    const uint8_t invalid[] = {0xC3, 0x28};
    cell("Value", raw(invalid, 2, SYNC_MATCH_SLOT_KIND_UTF8_TEXT));
    row_end();
    SyncMatchSlot outside = {SYNC_MATCH_SLOT_KIND_UTF8_TEXT, 4000, 500};
    cell("Value", outside);
    row_end();
    SyncMatchRows batch = rows();
    uint8_t anchor[4 * 16];
    uint32_t spellings[4];
    uint32_t sources[4];
    SyncMatchBuffer *failed = NULL;
    EXPECT(syncmatch_anchor_resolve_rows(&batch, 0, 0, anchor, sizeof anchor, spellings, 4, sources, 4, &failed) == SYNC_MATCH_STATUS_OK);
    EXPECT(sources[0] == SYNC_MATCH_ANCHOR_SOURCE_VALUE);
    EXPECT(anchor[0] == 0xC9 && spellings[0] == SYNC_MATCH_SPELLING_GUID);
    SyncMatchBuffer *again = NULL;
    EXPECT(syncmatch_anchor_resolve_rows(&batch, 0, 0, anchor, sizeof anchor, spellings, 4, NULL, 0, &again) == SYNC_MATCH_STATUS_OK);
    EXPECT(page_has_failure(failed, 1, 0, SYNC_MATCH_STATUS_ANCHOR_UNRECOGNIZED));
    /* Bad UTF-8 and a slot outside the buffer fail their rows alone. */
    EXPECT(failure_count(again) == 3);
    EXPECT(syncmatch_anchor_resolve_rows(&batch, 0, 0, anchor, sizeof anchor, spellings, 4, NULL, 0, &failed) == SYNC_MATCH_STATUS_OK);
    EXPECT(page_has_failure(failed, 2, 0, SYNC_MATCH_STATUS_INVALID_UTF8));
    EXPECT(syncmatch_anchor_resolve_rows(&batch, 0, 0, anchor, sizeof anchor, spellings, 4, NULL, 0, &failed) == SYNC_MATCH_STATUS_OK);
    EXPECT(page_has_failure(failed, 3, 0, SYNC_MATCH_STATUS_INVALID_ARGUMENT));

    SyncMatchAnchorText spelled;
    EXPECT(syncmatch_anchor_format(anchor, &spelled) == SYNC_MATCH_STATUS_OK);
    EXPECT(memcmp(spelled.immutable_id, "yYuRNW0Z6kCXeYidebdT8A==", 24) == 0);
    EXPECT(syncmatch_anchor_format(NULL, &spelled) == SYNC_MATCH_STATUS_NULL_ARGUMENT);

    /* An unknown attribute or spelling, short buffers, NULLs, row ends past the cells: the call. */
    EXPECT(syncmatch_anchor_resolve_rows(&batch, 7, 0, anchor, sizeof anchor, spellings, 4, NULL, 0, &failed) == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
    EXPECT(syncmatch_anchor_resolve_rows(&batch, 0, 42, anchor, sizeof anchor, spellings, 4, NULL, 0, &failed) == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
    EXPECT(syncmatch_anchor_resolve_rows(&batch, 0, 0, anchor, 63, spellings, 4, NULL, 0, &failed) == SYNC_MATCH_STATUS_BUFFER_TOO_SMALL);
    EXPECT(syncmatch_anchor_resolve_rows(&batch, 0, 0, anchor, sizeof anchor, spellings, 3, NULL, 0, &failed) == SYNC_MATCH_STATUS_BUFFER_TOO_SMALL);
    EXPECT(syncmatch_anchor_resolve_rows(NULL, 0, 0, anchor, sizeof anchor, spellings, 4, NULL, 0, &failed) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    /* The sources: NULL with a length, or too short for the rows. */
    EXPECT(syncmatch_anchor_resolve_rows(&batch, 0, 0, anchor, sizeof anchor, spellings, 4, NULL, 4, &failed) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_anchor_resolve_rows(&batch, 0, 0, anchor, sizeof anchor, spellings, 4, sources, 3, &failed) == SYNC_MATCH_STATUS_BUFFER_TOO_SMALL);
    EXPECT(syncmatch_anchor_resolve_rows(&batch, 0, 0, anchor, sizeof anchor, spellings, 4, NULL, 0, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    SyncMatchRows lying = batch;
    lying.cells = NULL;
    EXPECT(syncmatch_anchor_resolve_rows(&lying, 0, 0, anchor, sizeof anchor, spellings, 4, NULL, 0, &failed) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    size_t past[1] = {99};
    SyncMatchRows beyond = {data, used, cells, cell_count, past, 1};
    EXPECT(syncmatch_anchor_resolve_rows(&beyond, 0, 0, anchor, sizeof anchor, spellings, 4, NULL, 0, &failed) == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
    SyncMatchRows empty = {NULL, 0, NULL, 0, NULL, 0};
    EXPECT(syncmatch_anchor_resolve_rows(&empty, 0, 0, NULL, 0, NULL, 0, NULL, 0, &failed) == SYNC_MATCH_STATUS_OK);
    EXPECT(failure_count(failed) == 0);

    uint8_t chars[48];
    EXPECT(syncmatch_anchor_immutable_ids(anchor, 32, chars, 48) == SYNC_MATCH_STATUS_OK);
    EXPECT(memcmp(chars, "yYuRNW0Z6kCXeYidebdT8A==", 24) == 0);
    EXPECT(syncmatch_anchor_immutable_ids(anchor, 31, chars, 48) == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
    EXPECT(syncmatch_anchor_immutable_ids(anchor, 32, chars, 47) == SYNC_MATCH_STATUS_BUFFER_TOO_SMALL);
    EXPECT(syncmatch_anchor_immutable_ids(NULL, (SIZE_MAX / 16) * 16, NULL, SIZE_MAX) == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
    SyncMatchError *error = NULL;
    const uint8_t *message = NULL;
    size_t message_len = 0;
    uint32_t status = 0;
    EXPECT(syncmatch_error_message(NULL, &message, &message_len, &status) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    syncmatch_error_free(error);
    syncmatch_error_free(NULL);
}

static void addresses(void) {
    used = 0;
    SyncMatchSlot slots[3];
    slots[0] = text("SMTP:jane@contoso.com;smtp:j@contoso.com");
    slots[0].kind = SYNC_MATCH_SLOT_KIND_UTF8_JOINED_LIST;
    const uint8_t control[] = {'s', 'm', 't', 'p', ':', 'a', 0x00, 'b', '@', 'c', '.', 'c', 'o', 'm'};
    slots[1] = raw(control, sizeof control, SYNC_MATCH_SLOT_KIND_UTF8_TEXT);
    slots[2].kind = SYNC_MATCH_SLOT_KIND_ABSENT;
    SyncMatchBuffer *out = NULL;
    EXPECT(syncmatch_address_parse(data, used, slots, 3, &out) == SYNC_MATCH_STATUS_OK);
    char *json = take(out);
    EXPECT(strstr(json, "\"isValid\":false") != NULL); /* the NUL is a Character problem */
    free(json);
    EXPECT(syncmatch_address_parse(data, used, slots, 3, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    const uint8_t invalid[] = {0xFF};
    SyncMatchSlot bad = raw(invalid, 1, SYNC_MATCH_SLOT_KIND_UTF8_TEXT);
    EXPECT(syncmatch_address_parse(data, used, &bad, 1, &out) == SYNC_MATCH_STATUS_INVALID_UTF8);
    EXPECT(syncmatch_buffer_data(NULL, NULL, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    syncmatch_buffer_free(NULL);
}

static void readiness(void) {
    rows_clear();
    SyncMatchSlot domain = text("contoso.com");
    SyncMatchReadiness *session = NULL;
    EXPECT(syncmatch_readiness_new(data, used, &domain, 1, SYNC_MATCH_ANCHOR_ATTRIBUTE_AUTO, &session) == SYNC_MATCH_STATUS_OK);
    EXPECT(syncmatch_readiness_new(data, used, &domain, 1, SYNC_MATCH_ANCHOR_ATTRIBUTE_AUTO, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    {
        SyncMatchReadiness *refused = NULL;
        EXPECT(syncmatch_readiness_new(data, used, &domain, 1, 77, &refused) == SYNC_MATCH_STATUS_INVALID_ARGUMENT && refused == NULL);
    }

    const char *names[4] = {"Jos\xC3\xA9", "boom", "Ren\xC3\xA9" "e", "bad-field"};
    for (int i = 0; i < 4; i++) {
        cell("SamAccountName", text(names[i]));
        cell("Mail", text("noreply@contoso.com"));
        row_end();
    }
    cells[cell_count - 1].field = 9999;
    SyncMatchRows batch = rows();
    SyncMatchBuffer *out = NULL;
    SyncMatchBuffer *failed = NULL;
    EXPECT(syncmatch_readiness_check(session, &batch, &out, &failed) == SYNC_MATCH_STATUS_OK);
    EXPECT(findings_count(out) == 0);
    /* The injected panic fails "boom" alone; the unknown field fails its row alone. */
    uint64_t indexes[4];
    uint32_t statuses[4];
    EXPECT(failures_read(failed, indexes, statuses, 4) == 2);
    EXPECT(indexes[0] == 1 && statuses[0] == SYNC_MATCH_STATUS_PANIC);
    EXPECT(indexes[1] == 3 && statuses[1] == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
    EXPECT(syncmatch_readiness_check(NULL, &batch, &out, &failed) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_readiness_check(session, NULL, &out, &failed) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_readiness_check(session, &batch, NULL, &failed) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    SyncMatchRows lying = {NULL, 0, NULL, 0, NULL, 2};
    EXPECT(syncmatch_readiness_check(session, &lying, &out, &failed) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_readiness_finish(session, &out) == SYNC_MATCH_STATUS_OK);
    const uint8_t *bytes = NULL;
    size_t len = 0;
    EXPECT(syncmatch_buffer_data(out, &bytes, &len) == SYNC_MATCH_STATUS_OK);
    /* One group (the shared mail), named by its key: address:noreply@contoso.com. */
    Page page = {bytes, bytes + len};
    EXPECT(page_number(&page, 4) == 1);
    const char *key = "address:noreply@contoso.com";
    EXPECT(page_number(&page, 4) == strlen(key) && memcmp(page.at, key, strlen(key)) == 0);
    syncmatch_buffer_free(out);
    EXPECT(syncmatch_readiness_finish(NULL, &out) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    syncmatch_readiness_free(session);
    syncmatch_readiness_free(NULL);
}

/* Whether a records page of syncmatch_prediction_records holds `needle` (memmem: binary). */
static int records_hold(SyncMatchBuffer *buffer, const char *needle) {
    const uint8_t *records = NULL;
    size_t len = 0;
    EXPECT(syncmatch_buffer_data(buffer, &records, &len) == SYNC_MATCH_STATUS_OK && len > 4);
    int found = memmem(records, len, needle, strlen(needle)) != NULL;
    syncmatch_buffer_free(buffer);
    return found;
}

static void prediction(void) {
    rows_clear();
    SyncMatchPredictionSettings settings = {1, 0, 0, SYNC_MATCH_ANCHOR_ATTRIBUTE_AUTO, 0};
    SyncMatchSlot domains[2];
    domains[0] = text("contoso.com");
    domains[1] = text("contoso.onmicrosoft.com");
    SyncMatchPrediction *prediction = NULL;
    EXPECT(syncmatch_prediction_new(&settings, data, used, domains, 2, NULL, 0, &prediction) == SYNC_MATCH_STATUS_OK);
    EXPECT(syncmatch_prediction_new(NULL, data, used, domains, 2, NULL, 0, &prediction) == SYNC_MATCH_STATUS_NULL_ARGUMENT);

    rows_clear();
    cell("CloudId", text("c1"));
    cell("UserPrincipalName", text("jane@contoso.com"));
    cell("Mail", text("jane@contoso.com"));
    row_end();
    cell("UserPrincipalName", text("no-id@contoso.com"));
    row_end();
    SyncMatchRows cloud = rows();
    /* Room for the cloud users about to come: an estimate, so even SIZE_MAX only reserves nothing. */
    EXPECT(syncmatch_prediction_reserve_cloud(prediction, 2) == SYNC_MATCH_STATUS_OK);
    EXPECT(syncmatch_prediction_reserve_cloud(prediction, SIZE_MAX) == SYNC_MATCH_STATUS_OK);
    EXPECT(syncmatch_prediction_reserve_cloud(NULL, 2) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    SyncMatchBuffer *failed = NULL;
    EXPECT(syncmatch_prediction_add_cloud(prediction, &cloud, 0, &failed) == SYNC_MATCH_STATUS_OK);
    EXPECT(page_has_failure(failed, 1, 0, SYNC_MATCH_STATUS_INVALID_ARGUMENT));
    EXPECT(syncmatch_prediction_add_cloud(prediction, &cloud, 0, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);

    rows_clear();
    const char *names[3] = {"jane", "boom", "Jos\xC3\xA9"};
    /* Each its own anchor: one anchor on two objects fails both (DuplicateAnchor). */
    const char *guids[3] = {"35918bc9-196d-40ea-9779-889d79b753f0", "35918bc9-196d-40ea-9779-889d79b753f1", "35918bc9-196d-40ea-9779-889d79b753f2"};
    for (int i = 0; i < 3; i++) {
        cell("SamAccountName", text(names[i]));
        cell("UserPrincipalName", text("jane@contoso.com"));
        cell("ObjectGuid", text(guids[i]));
        row_end();
    }
    SyncMatchRows users = rows();
    EXPECT(syncmatch_prediction_add_users(prediction, &users, &failed) == SYNC_MATCH_STATUS_OK);
    EXPECT(page_has_failure(failed, 1, 0, SYNC_MATCH_STATUS_PANIC));
    EXPECT(syncmatch_prediction_add_cloud(prediction, &cloud, 0, &failed) == SYNC_MATCH_STATUS_INVALID_STATE);
    EXPECT(syncmatch_prediction_reserve_cloud(prediction, 1) == SYNC_MATCH_STATUS_INVALID_STATE);
    EXPECT(syncmatch_prediction_add_users(NULL, &users, &failed) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    size_t count = 0;
    EXPECT(syncmatch_prediction_finish(prediction, 1, &count) == SYNC_MATCH_STATUS_OK && count == 3);
    EXPECT(syncmatch_prediction_finish(prediction, 1, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_prediction_add_users(prediction, &users, &failed) == SYNC_MATCH_STATUS_INVALID_STATE);
    SyncMatchBuffer *out = NULL;
    EXPECT(syncmatch_prediction_records(prediction, 0, 10, 1, &out) == SYNC_MATCH_STATUS_OK);
    EXPECT(records_hold(out, "injected test panic"));
    EXPECT(syncmatch_prediction_records(prediction, 99, 10, 1, &out) == SYNC_MATCH_STATUS_OK);
    syncmatch_buffer_free(out);
    EXPECT(syncmatch_prediction_records(NULL, 0, 1, 0, &out) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    syncmatch_prediction_free(prediction);
    syncmatch_prediction_free(NULL);

    /* An anchor setting outside the enum is refused; Custom is taken. */
    rows_clear();
    domains[0] = text("contoso.com");
    SyncMatchPredictionSettings bad = {1, 0, 0, 99, 0};
    prediction = NULL;
    EXPECT(syncmatch_prediction_new(&bad, data, used, domains, 1, NULL, 0, &prediction) == SYNC_MATCH_STATUS_INVALID_ARGUMENT && prediction == NULL);
    SyncMatchPredictionSettings custom = {1, 0, 0, SYNC_MATCH_ANCHOR_ATTRIBUTE_CUSTOM, 1};
    EXPECT(syncmatch_prediction_new(&custom, data, used, domains, 1, NULL, 0, &prediction) == SYNC_MATCH_STATUS_OK);
    rows_clear();
    cell("CloudId", text("d1"));
    cell("ImmutableId", text("E1234"));
    row_end();
    SyncMatchRows deleted = rows();
    EXPECT(syncmatch_prediction_add_cloud(prediction, &deleted, 1, &failed) == SYNC_MATCH_STATUS_OK);
    EXPECT(failure_count(failed) == 0);
    rows_clear();
    cell("SamAccountName", text("emp"));
    cell("CustomAnchor", text("E1234"));
    row_end();
    /* Refused by the caller: its row keeps its place, with no failure of its own. */
    cell("ResultIdentity", text("CN=Refused"));
    cell("Refusal", text("too deep"));
    row_end();
    /* A type name where a value belongs. */
    cell("SamAccountName", text("typed"));
    cell("Mail", text("System.String[]"));
    cell("CustomAnchor", text("E999"));
    row_end();
    SyncMatchRows more = rows();
    EXPECT(syncmatch_prediction_add_users(prediction, &more, &failed) == SYNC_MATCH_STATUS_OK);
    EXPECT(page_has_failure(failed, 2, 0, SYNC_MATCH_STATUS_ANCHOR_TYPE_NAME));
    EXPECT(syncmatch_prediction_finish(prediction, 1, &count) == SYNC_MATCH_STATUS_OK && count == 3);
    EXPECT(syncmatch_prediction_records(prediction, 0, 10, 1, &out) == SYNC_MATCH_STATUS_OK);
    EXPECT(records_hold(out, "CN=Refused"));
    EXPECT(syncmatch_prediction_records(prediction, 0, 1, 1, &out) == SYNC_MATCH_STATUS_OK);
    EXPECT(records_hold(out, "restores"));
    syncmatch_prediction_free(prediction);
}

static void plan(void) {
    rows_clear();
    SyncMatchPlanSettings settings = {SYNC_MATCH_ANCHOR_ATTRIBUTE_AUTO, SYNC_MATCH_DIRECTION_TO_CLOUD, 0, 0};
    SyncMatchSlot verified[2];
    verified[0] = text("contoso.com");
    verified[1] = text("contoso.onmicrosoft.com");
    SyncMatchPlan *handle = NULL;
    EXPECT(syncmatch_plan_new(&settings, data, used, NULL, 0, NULL, 0, verified, 2, &handle) == SYNC_MATCH_STATUS_OK);
    SyncMatchPlanSettings bad = {SYNC_MATCH_ANCHOR_ATTRIBUTE_AUTO, 7, 0, 0};
    SyncMatchPlan *refused = NULL;
    EXPECT(syncmatch_plan_new(&bad, data, used, NULL, 0, NULL, 0, NULL, 0, &refused) == SYNC_MATCH_STATUS_INVALID_ARGUMENT && refused == NULL);
    EXPECT(syncmatch_plan_new(&settings, data, used, NULL, 0, NULL, 0, NULL, 2, &refused) == SYNC_MATCH_STATUS_NULL_ARGUMENT && refused == NULL);

    rows_clear();
    cell("CloudId", text("c1"));
    cell("UserPrincipalName", text("jane@contoso.com"));
    row_end();
    cell("CloudId", text("c2"));
    cell("UserPrincipalName", text("kept@contoso.com"));
    row_end();
    SyncMatchRows cloud = rows();
    SyncMatchBuffer *failed = NULL;
    EXPECT(syncmatch_plan_add_cloud(handle, &cloud, 0, &failed) == SYNC_MATCH_STATUS_OK);
    EXPECT(failure_count(failed) == 0);

    /* A type name in a key (sAMAccountName) fails its user; in any other value the user is
     * planned on the rest (ValueUnreadable). */
    rows_clear();
    cell("SamAccountName", text("jane"));
    cell("ObjectGuid", text("35918bc9-196d-40ea-9779-889d79b753f0"));
    row_end();
    cell("SamAccountName", text("System.String[]"));
    cell("ObjectGuid", text("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"));
    row_end();
    cell("SamAccountName", text("kept"));
    cell("UserPrincipalName", text("kept@corp.local"));
    cell("Mail", text("System.String[]"));
    cell("ObjectGuid", text("6b1a2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"));
    row_end();
    SyncMatchRows users = rows();
    EXPECT(syncmatch_plan_add_on_prem(handle, &users, 0, &failed) == SYNC_MATCH_STATUS_OK);
    uint64_t failed_at[2] = {0, 0};
    uint32_t failed_why[2] = {0, 0};
    EXPECT(failures_read(failed, failed_at, failed_why, 2) == 1);
    EXPECT(failed_at[0] == 1 && failed_why[0] == SYNC_MATCH_STATUS_ANCHOR_TYPE_NAME);

    /* The seed's users.csv: Username and a cloud UPN; a row with an unknown field fails alone. */
    rows_clear();
    cell("OnPremisesKey", text("jane"));
    cell("CloudUserId", text("c1"));
    row_end();
    cell("OnPremisesKey", text("nobody"));
    cell("UserPrincipalName", text("jane@contoso.com"));
    row_end();
    cell("OnPremisesKey", text("broken"));
    row_end();
    cells[cell_count - 1].field = 9999;
    cell("OnPremisesKey", text("kept"));
    cell("CloudUserId", text("c2"));
    row_end();
    SyncMatchRows mapping = rows();
    EXPECT(syncmatch_plan_add_rows(handle, &mapping, &failed) == SYNC_MATCH_STATUS_OK);
    EXPECT(page_has_failure(failed, 2, 0, SYNC_MATCH_STATUS_INVALID_ARGUMENT));
    EXPECT(syncmatch_plan_add_cloud(handle, &cloud, 0, &failed) == SYNC_MATCH_STATUS_INVALID_STATE);
    EXPECT(syncmatch_plan_add_on_prem(handle, &users, 0, &failed) == SYNC_MATCH_STATUS_INVALID_STATE);
    size_t count = 0;
    EXPECT(syncmatch_plan_finish(handle, &count) == SYNC_MATCH_STATUS_OK && count == 4);
    EXPECT(syncmatch_plan_finish(handle, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_plan_add_rows(handle, &mapping, &failed) == SYNC_MATCH_STATUS_INVALID_STATE);
    SyncMatchBuffer *out = NULL;
    EXPECT(syncmatch_plan_items(handle, 0, 10, &out) == SYNC_MATCH_STATUS_OK);
    char *json = take(out);
    EXPECT(strstr(json, "\"immutableId\":\"yYuRNW0Z6kCXeYidebdT8A==\"") != NULL);
    EXPECT(strstr(json, "OnPremisesUserNotFound") != NULL);
    /* The verified domains crossed: a .local user's cloud UPN becomes the MOERA. */
    EXPECT(strstr(json, "\"predictedUserPrincipalName\":\"kept@contoso.onmicrosoft.com\"") != NULL);
    EXPECT(strstr(json, "ValueUnreadable") != NULL);
    free(json);
    EXPECT(syncmatch_plan_items(NULL, 0, 1, &out) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_plan_add_rows(NULL, &mapping, &failed) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    syncmatch_plan_free(handle);
    syncmatch_plan_free(NULL);
}

static void export_file(void) {
    /* A small export written here, read by the core, checked for readiness row by row. */
    const char *path = "/tmp/syncmatch-harness-export.csv";
    FILE *file = fopen(path, "wb");
    EXPECT(file != NULL);
    if (file == NULL) {
        return;
    }
    const char *content = "\xEF\xBB\xBF\"SamAccountName\",\"UserPrincipalName\",\"mail\"\r\n"
          "\"ann\",\"ann@contoso.local\",\"System.String[]\"\r\n"
          "\"bob\",\"bob@contoso.com\",\"bob@contoso.com\"\r\n";
    fputs(content, file);
    fclose(file);
    SyncMatchExport *export_ = NULL;
    SyncMatchError *error = NULL;
    /* The progress counters end at the file's size: every byte read, every byte parsed. */
    SyncMatchReadProgress progress = {0, 0, 0};
    EXPECT(syncmatch_export_read((const uint8_t *)path, strlen(path), NULL, &progress, &export_, &error) == SYNC_MATCH_STATUS_OK && error == NULL);
    EXPECT(progress.read == strlen(content) && progress.parsed == strlen(content) && progress.total == strlen(content));
    syncmatch_export_free(export_);
    EXPECT(syncmatch_export_read((const uint8_t *)path, strlen(path), NULL, NULL, &export_, &error) == SYNC_MATCH_STATUS_OK && error == NULL);
    SyncMatchBuffer *out = NULL;
    EXPECT(syncmatch_export_describe(export_, &out) == SYNC_MATCH_STATUS_OK);
    char *json = take(out);
    EXPECT(strstr(json, "\"rows\":2") != NULL);
    free(json);
    SyncMatchReadiness *session = NULL;
    EXPECT(syncmatch_readiness_new(NULL, 0, NULL, 0, SYNC_MATCH_ANCHOR_ATTRIBUTE_CUSTOM, &session) == SYNC_MATCH_STATUS_OK);
    SyncMatchBuffer *failed = NULL;
    /* A custom source anchor's column the export does not have is refused. */
    const char *missing_column = "employeeID";
    EXPECT(syncmatch_readiness_check_export(session, export_, 0, 100, (const uint8_t *)missing_column, strlen(missing_column), &out, &failed) == SYNC_MATCH_STATUS_EXPORT_MISSING_COLUMN);
    EXPECT(syncmatch_readiness_check_export(session, export_, 0, 100, NULL, 0, &out, &failed) == SYNC_MATCH_STATUS_OK);
    syncmatch_buffer_free(out);
    EXPECT(page_has_failure(failed, 0, 2, SYNC_MATCH_STATUS_ANCHOR_TYPE_NAME));
    EXPECT(syncmatch_readiness_check_export(session, NULL, 0, 1, NULL, 0, &out, &failed) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_readiness_check_export(session, export_, 0, 1, NULL, 0, &out, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    syncmatch_readiness_free(session);

    SyncMatchPredictionSettings settings = {1, 0, 0, SYNC_MATCH_ANCHOR_ATTRIBUTE_AUTO, 0};
    SyncMatchPrediction *prediction = NULL;
    EXPECT(syncmatch_prediction_new(&settings, NULL, 0, NULL, 0, NULL, 0, &prediction) == SYNC_MATCH_STATUS_OK);
    /* Not a cloud export (no Id column): refused as cloud users. */
    EXPECT(syncmatch_prediction_add_cloud_export(prediction, export_, 0, &failed) == SYNC_MATCH_STATUS_EXPORT_MISSING_COLUMN);
    EXPECT(syncmatch_prediction_add_cloud_export(NULL, export_, 0, &failed) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    /* Anchors of the rows: the CSV has no anchor columns, so both rows fail, named by line. */
    uint8_t anchors[2 * SYNCMATCH_ANCHOR_LEN];
    EXPECT(syncmatch_export_anchors(export_, SYNC_MATCH_ANCHOR_ATTRIBUTE_AUTO, 0, 10, anchors, sizeof anchors, NULL, 0, &out) == SYNC_MATCH_STATUS_OK);
    EXPECT(page_has_failure(out, 1, 3, SYNC_MATCH_STATUS_ANCHOR_MISSING));
    EXPECT(syncmatch_export_anchors(export_, SYNC_MATCH_ANCHOR_ATTRIBUTE_AUTO, 0, 10, anchors, 10, NULL, 0, &out) == SYNC_MATCH_STATUS_BUFFER_TOO_SMALL);
    EXPECT(syncmatch_export_anchors(export_, SYNC_MATCH_ANCHOR_ATTRIBUTE_CUSTOM, 0, 10, anchors, sizeof anchors, NULL, 0, &out) == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
    EXPECT(syncmatch_export_anchors(NULL, 0, 0, 1, anchors, sizeof anchors, NULL, 0, &out) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    /* A custom anchor column the file lacks is refused, with the file's columns named. */
    const char *employee = "employeeID";
    EXPECT(syncmatch_export_column(export_, (const uint8_t *)employee, strlen(employee), &error) == SYNC_MATCH_STATUS_EXPORT_MISSING_COLUMN && error != NULL);
    syncmatch_error_free(error);
    EXPECT(syncmatch_export_column(export_, (const uint8_t *)"MAIL", 4, &error) == SYNC_MATCH_STATUS_OK && error == NULL);
    EXPECT(syncmatch_export_column(NULL, (const uint8_t *)"mail", 4, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_prediction_add_export(prediction, export_, (const uint8_t *)employee, strlen(employee), 0, 1, &failed) == SYNC_MATCH_STATUS_EXPORT_MISSING_COLUMN);
    EXPECT(syncmatch_prediction_add_export(prediction, export_, NULL, 0, 0, 100, &failed) == SYNC_MATCH_STATUS_OK);
    const uint8_t *page = NULL;
    size_t page_len = 0;
    EXPECT(syncmatch_buffer_data(failed, &page, &page_len) == SYNC_MATCH_STATUS_OK);
    const char *file_line = "syncmatch-harness-export.csv, line 2";
    int failure_named_file = page != NULL && memmem(page, page_len, file_line, strlen(file_line)) != NULL;
    EXPECT(page_has_failure(failed, 0, 2, SYNC_MATCH_STATUS_ANCHOR_TYPE_NAME));
    EXPECT(syncmatch_prediction_add_cloud_export(prediction, export_, 0, &failed) == SYNC_MATCH_STATUS_INVALID_STATE);
    EXPECT(syncmatch_prediction_add_export(NULL, export_, NULL, 0, 0, 1, &failed) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_prediction_add_export(prediction, export_, NULL, 0, 0, 1, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    size_t count = 0;
    EXPECT(syncmatch_prediction_finish(prediction, 0, &count) == SYNC_MATCH_STATUS_OK && count == 2);
    /* The same page as compact records: a count, then records with their texts (memmem: binary). */
    EXPECT(syncmatch_prediction_records(prediction, 0, 10, 0, &out) == SYNC_MATCH_STATUS_OK);
    const uint8_t *records = NULL;
    size_t records_len = 0;
    EXPECT(syncmatch_buffer_data(out, &records, &records_len) == SYNC_MATCH_STATUS_OK && records_len > 4);
    EXPECT(records[0] == 2 && records[1] == 0 && records[2] == 0 && records[3] == 0);
    /* A row's Detail is the same whatever form it came in; the failure page names file and line. */
    const char *needle = "syncmatch-harness-export.csv, line 2";
    EXPECT(memmem(records, records_len, needle, strlen(needle)) == NULL);
    EXPECT(failure_named_file);
    syncmatch_buffer_free(out);
    EXPECT(syncmatch_prediction_records(NULL, 0, 10, 0, &out) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_prediction_add_export(prediction, export_, NULL, 0, 0, 1, &failed) == SYNC_MATCH_STATUS_INVALID_STATE);
    syncmatch_prediction_free(prediction);

    SyncMatchPlanSettings plan_settings = {SYNC_MATCH_ANCHOR_ATTRIBUTE_AUTO, SYNC_MATCH_DIRECTION_TO_CLOUD, 0, 0};
    SyncMatchPlan *plan = NULL;
    EXPECT(syncmatch_plan_new(&plan_settings, NULL, 0, NULL, 0, NULL, 0, NULL, 0, &plan) == SYNC_MATCH_STATUS_OK);
    /* Auto reads objectGUID, which the export lacks: each row's anchor is missing (the type
     * name in ann's mail alone would only be a warning on her items). */
    EXPECT(syncmatch_plan_add_export(plan, export_, SYNC_MATCH_EXPORT_ROLE_ON_PREMISES_USERS, (const uint8_t *)"mail", 4, &out) == SYNC_MATCH_STATUS_OK);
    EXPECT(page_has_failure(out, 0, 2, SYNC_MATCH_STATUS_ANCHOR_MISSING));
    EXPECT(syncmatch_plan_add_export(plan, export_, SYNC_MATCH_EXPORT_ROLE_CLOUD_USERS, NULL, 0, &out) == SYNC_MATCH_STATUS_OK);
    EXPECT(failure_count(out) == 2); /* no Id column: neither row is a cloud user */
    EXPECT(syncmatch_plan_add_export(plan, export_, SYNC_MATCH_EXPORT_ROLE_MAPPING_ROWS, NULL, 0, &out) == SYNC_MATCH_STATUS_OK);
    EXPECT(failure_count(out) == 0);
    EXPECT(syncmatch_plan_add_export(plan, export_, SYNC_MATCH_EXPORT_ROLE_CLOUD_USERS, NULL, 0, &out) == SYNC_MATCH_STATUS_INVALID_STATE);
    size_t items = 0;
    EXPECT(syncmatch_plan_finish(plan, &items) == SYNC_MATCH_STATUS_OK && items == 2);
    EXPECT(syncmatch_plan_add_export(plan, export_, 99, NULL, 0, &out) == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
    EXPECT(syncmatch_plan_add_export(plan, NULL, 0, NULL, 0, &out) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    syncmatch_plan_free(plan);
    syncmatch_export_free(export_);
    syncmatch_export_free(NULL);
    const char *missing = "/tmp/syncmatch-no-such-export.csv";
    EXPECT(syncmatch_export_read((const uint8_t *)missing, strlen(missing), NULL, NULL, &export_, &error) == SYNC_MATCH_STATUS_EXPORT_UNREADABLE && error != NULL);
    syncmatch_error_free(error);
    remove(path);
}

/* A directory read over LDAP, handed over as JSON: read as an export, its messages naming the source. */
static void directory_json(void) {
    const char *json = "[{\"distinguishedName\":\"CN=Ada,DC=contoso,DC=test\",\"objectClass\":[\"top\",\"person\",\"organizationalPerson\",\"user\"],"
                       "\"sAMAccountName\":\"ada\",\"objectGUID\":[201,139,145,53,109,25,234,64,151,121,136,157,121,183,83,240],"
                       "\"objectSid\":[1,2,0,0,0,0,0,5,32,0,0,0,32,2,0,0],\"proxyAddresses\":[\"SMTP:ada@contoso.test\"]}]";
    const char *source = "ldaps://dc01:636/DC=contoso,DC=test";
    SyncMatchExport *export_ = NULL;
    SyncMatchError *error = NULL;
    EXPECT(syncmatch_export_from_json((const uint8_t *)json, strlen(json), (const uint8_t *)source, strlen(source), &export_, &error) == SYNC_MATCH_STATUS_OK && error == NULL && export_ != NULL);
    SyncMatchBuffer *out = NULL;
    EXPECT(syncmatch_export_describe(export_, &out) == SYNC_MATCH_STATUS_OK);
    char *description = take(out);
    EXPECT(strstr(description, "\"rows\":1") != NULL);
    EXPECT(strstr(description, source) != NULL);
    free(description);
    syncmatch_export_free(export_);
    /* Not JSON the reader takes: an error naming the source, no export. */
    const char *bad = "[{\"distinguishedName\": }";
    export_ = NULL;
    EXPECT(syncmatch_export_from_json((const uint8_t *)bad, strlen(bad), (const uint8_t *)source, strlen(source), &export_, &error) != SYNC_MATCH_STATUS_OK && export_ == NULL && error != NULL);
    const uint8_t *message = NULL;
    size_t length = 0;
    uint32_t code = 0;
    EXPECT(syncmatch_error_message(error, &message, &length, &code) == SYNC_MATCH_STATUS_OK && length > 0 && memmem(message, length, source, strlen(source)) != NULL);
    syncmatch_error_free(error);
    const uint8_t bad_utf8[] = {0xFF};
    EXPECT(syncmatch_export_from_json((const uint8_t *)json, strlen(json), bad_utf8, 1, &export_, NULL) == SYNC_MATCH_STATUS_INVALID_UTF8);
    EXPECT(syncmatch_export_from_json(NULL, 4, (const uint8_t *)source, strlen(source), &export_, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_export_from_json((const uint8_t *)json, strlen(json), (const uint8_t *)source, strlen(source), NULL, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
}

/* Reads `text` as a journal: the status, and (when wanted) the evidence or the error's message. */
static SyncMatchStatus journal_read(const char *text, char **evidence, char **message) {
    SyncMatchBuffer *out = NULL;
    SyncMatchError *error = NULL;
    SyncMatchStatus status = syncmatch_journal_read((const uint8_t *)text, strlen(text), &out, &error);
    *evidence = status == SYNC_MATCH_STATUS_OK ? take(out) : NULL;
    *message = NULL;
    if (error != NULL) {
        const uint8_t *bytes = NULL;
        size_t len = 0;
        uint32_t code = 0;
        EXPECT(syncmatch_error_message(error, &bytes, &len, &code) == SYNC_MATCH_STATUS_OK && code == (uint32_t)status);
        *message = malloc(len + 1);
        memcpy(*message, bytes, len);
        (*message)[len] = 0;
        syncmatch_error_free(error);
    }
    return status;
}

/* The journal reader (src/journal): evidence from a good journal; torn, corrupt, forged, foreign
 * and empty files refused by status, each naming its line. */
static void journal(void) {
#define HEAD "{\"phase\":\"head\",\"format\":\"SyncMatch.HardMatchJournal/2\",\"run\":\"r\",\"tenantId\":\"t\",\"planDigest\":\"d\",\"items\":1,\"keyId\":\"k\"}\n"
#define BEFORE "{\"phase\":\"before\",\"userId\":\"c1\",\"immutableId\":\"AAA=\"}\n"
#define AFTER "{\"phase\":\"after\",\"userId\":\"c1\",\"immutableId\":\"AAA=\",\"outcome\":\"Unknown\"}\n"
    char *evidence, *message;
    EXPECT(journal_read(HEAD BEFORE AFTER, &evidence, &message) == SYNC_MATCH_STATUS_OK);
    EXPECT(evidence != NULL && strstr(evidence, "\"write\":\"Unknown\"") != NULL && strstr(evidence, "\"torn\":false") != NULL);
    free(evidence);
    EXPECT(journal_read(HEAD BEFORE "{\"phase\":\"after\",\"us", &evidence, &message) == SYNC_MATCH_STATUS_OK);
    EXPECT(evidence != NULL && strstr(evidence, "\"write\":\"Pending\"") != NULL && strstr(evidence, "\"torn\":true") != NULL);
    free(evidence);
    EXPECT(journal_read(HEAD "{\"phase\":\"bef\n" BEFORE, &evidence, &message) == SYNC_MATCH_STATUS_JOURNAL_CORRUPT);
    EXPECT(message != NULL && strstr(message, "line 2") != NULL);
    free(message);
    EXPECT(journal_read(HEAD AFTER, &evidence, &message) == SYNC_MATCH_STATUS_JOURNAL_INCONSISTENT);
    EXPECT(message != NULL && strstr(message, "line 2") != NULL);
    free(message);
    EXPECT(journal_read("SamAccountName,CloudUserId\nann,c1\n", &evidence, &message) == SYNC_MATCH_STATUS_JOURNAL_NOT_A_JOURNAL);
    free(message);
    EXPECT(journal_read("", &evidence, &message) == SYNC_MATCH_STATUS_JOURNAL_EMPTY);
    free(message);
    SyncMatchBuffer *out = NULL;
    EXPECT(syncmatch_journal_read(NULL, 0, &out, NULL) == SYNC_MATCH_STATUS_JOURNAL_EMPTY);
    EXPECT(syncmatch_journal_read(NULL, 5, &out, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_journal_read((const uint8_t *)HEAD, strlen(HEAD), NULL, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    const uint8_t invalid[] = {0xff, 0xfe, '\n'};
    EXPECT(syncmatch_journal_read(invalid, sizeof invalid, &out, NULL) == SYNC_MATCH_STATUS_JOURNAL_NOT_A_JOURNAL);
#undef HEAD
#undef BEFORE
#undef AFTER
}

/* A mapping's columns (schema/mapping.rs): renames for trimmed names, one error for a file that
 * names no cloud user or was read with the wrong delimiter. */
static void mapping_columns(void) {
    used = 0;
    SyncMatchSlot names[2] = {text("$ADUser"), text("O365User ")};
    SyncMatchBuffer *renames = NULL;
    SyncMatchError *error = NULL;
    EXPECT(syncmatch_mapping_columns(data, used, names, 2, &renames, &error) == SYNC_MATCH_STATUS_OK && error == NULL);
    char *json = take(renames);
    EXPECT(strstr(json, "[\"$ADUser\",\"ADUser\"]") != NULL && strstr(json, "[\"O365User \",\"O365User\"]") != NULL);
    free(json);
    used = 0;
    SyncMatchSlot only[1] = {text("Username")};
    EXPECT(syncmatch_mapping_columns(data, used, only, 1, &renames, &error) == SYNC_MATCH_STATUS_MAPPING_COLUMNS_UNUSABLE && error != NULL);
    const uint8_t *message = NULL;
    size_t len = 0;
    uint32_t code = 0;
    EXPECT(syncmatch_error_message(error, &message, &len, &code) == SYNC_MATCH_STATUS_OK && memmem(message, len, "cloud user", 10) != NULL);
    syncmatch_error_free(error);
    used = 0;
    SyncMatchSlot semicolon[1] = {text("Username;O365User")};
    EXPECT(syncmatch_mapping_columns(data, used, semicolon, 1, &renames, NULL) == SYNC_MATCH_STATUS_MAPPING_COLUMNS_UNUSABLE);
    EXPECT(syncmatch_mapping_columns(data, used, NULL, 1, &renames, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_mapping_columns(data, used, semicolon, 1, NULL, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    SyncMatchSlot outside[1] = {{SYNC_MATCH_SLOT_KIND_UTF8_TEXT, 4000, 200}};
    EXPECT(syncmatch_mapping_columns(data, used, outside, 1, &renames, NULL) == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
}

/* Writes `len` bytes to `path` and reads them as an export with `options`; returns the status,
 * and frees what it got. `needle`, when not NULL, must be in the error's message. */
static SyncMatchStatus read_written(const char *path, const char *bytes, size_t len, const SyncMatchReadOptions *options, const char *needle) {
    FILE *file = fopen(path, "wb");
    EXPECT(file != NULL);
    if (file == NULL) {
        return SYNC_MATCH_STATUS_INVALID_STATE;
    }
    fwrite(bytes, 1, len, file);
    fclose(file);
    SyncMatchExport *export_ = NULL;
    SyncMatchError *error = NULL;
    SyncMatchStatus status = syncmatch_export_read((const uint8_t *)path, strlen(path), options, NULL, &export_, &error);
    if (status == SYNC_MATCH_STATUS_OK) {
        EXPECT(export_ != NULL && error == NULL);
    } else {
        EXPECT(export_ == NULL && error != NULL);
        if (needle != NULL && error != NULL) {
            const uint8_t *message = NULL;
            size_t message_len = 0;
            uint32_t code = 0;
            EXPECT(syncmatch_error_message(error, &message, &message_len, &code) == SYNC_MATCH_STATUS_OK && code == (uint32_t)status);
            EXPECT(message != NULL && memmem(message, message_len, needle, strlen(needle)) != NULL);
        }
    }
    syncmatch_export_free(export_);
    syncmatch_error_free(error);
    remove(path);
    return status;
}

static void strict_exports(void) {
    /* Issue 22: nothing read into a wrong answer. Each case is read and refused (or read as
     * said), and nothing leaks either way. */
    const char *path = "/tmp/syncmatch-harness-strict.csv";
    const char mixed[] = "\"SamAccountName\",\"DisplayName\"\n\"jn\",\"Jos\xC3\xA9\"\n\"rb\",\"Ren\xE9\"\n";
    EXPECT(read_written(path, mixed, sizeof mixed - 1, NULL, "line 3") == SYNC_MATCH_STATUS_EXPORT_ENCODING);
    const char twice[] = "\"SamAccountName\",\"mail\",\"Mail\"\n\"a\",\"b\",\"c\"\n";
    EXPECT(read_written(path, twice, sizeof twice - 1, NULL, "'mail' and 'Mail'") == SYNC_MATCH_STATUS_EXPORT_DUPLICATE_COLUMN);
    const char ragged[] = "\"SamAccountName\",\"mail\"\n\"a\",\"b\"\n\"c\"\n";
    EXPECT(read_written(path, ragged, sizeof ragged - 1, NULL, "line 3") == SYNC_MATCH_STATUS_EXPORT_RAGGED_ROW);
    const char page[] = "{\"value\":[{\"id\":\"c1\",\"userPrincipalName\":\"a@x.com\"}],\"@odata.nextLink\":\"n\"}";
    EXPECT(read_written(path, page, sizeof page - 1, NULL, "nextLink") == SYNC_MATCH_STATUS_EXPORT_PARTIAL_PAGE);
    SyncMatchReadOptions known = {NULL, 0, 0, 1};
    EXPECT(read_written(path, page, sizeof page - 1, &known, NULL) == SYNC_MATCH_STATUS_OK);
    /* Said by the caller: a code page and a delimiter; an unknown name or delimiter refused. */
    const char cyrillic[] = "SamAccountName;DisplayName\n\"iv\";\"\xC8\xE2\xE0\xED\"\n";
    const char *label = "windows-1251";
    SyncMatchReadOptions said = {(const uint8_t *)label, strlen(label), ';', 0};
    EXPECT(read_written(path, cyrillic, sizeof cyrillic - 1, &said, NULL) == SYNC_MATCH_STATUS_OK);
    const char *unknown = "klingon";
    SyncMatchReadOptions wrong = {(const uint8_t *)unknown, strlen(unknown), 0, 0};
    EXPECT(read_written(path, cyrillic, sizeof cyrillic - 1, &wrong, "klingon") == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
    SyncMatchReadOptions quote = {NULL, 0, '"', 0};
    EXPECT(read_written(path, cyrillic, sizeof cyrillic - 1, &quote, "delimiter") == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
    SyncMatchReadOptions wide = {NULL, 0, 0x263A, 0};
    EXPECT(read_written(path, cyrillic, sizeof cyrillic - 1, &wide, "delimiter") == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
    /* Not a file: a directory, a device. */
    SyncMatchExport *export_ = NULL;
    SyncMatchError *error = NULL;
    EXPECT(syncmatch_export_read((const uint8_t *)"/tmp", 4, NULL, NULL, &export_, &error) == SYNC_MATCH_STATUS_EXPORT_NOT_A_FILE && export_ == NULL);
    syncmatch_error_free(error);
    error = NULL;
    EXPECT(syncmatch_export_read((const uint8_t *)"/dev/zero", 9, NULL, NULL, &export_, &error) == SYNC_MATCH_STATUS_EXPORT_NOT_A_FILE && export_ == NULL);
    syncmatch_error_free(error);
    /* The one file reader (journals): a device is refused, a regular file read whole. */
    SyncMatchBuffer *bytes = NULL;
    error = NULL;
    EXPECT(syncmatch_file_read((const uint8_t *)"/dev/zero", 9, &bytes, &error) == SYNC_MATCH_STATUS_EXPORT_NOT_A_FILE && bytes == NULL && error != NULL);
    syncmatch_error_free(error);
    error = NULL;
    FILE *file = fopen(path, "wb");
    EXPECT(file != NULL);
    if (file != NULL) {
        fputs("journal", file);
        fclose(file);
        EXPECT(syncmatch_file_read((const uint8_t *)path, strlen(path), &bytes, &error) == SYNC_MATCH_STATUS_OK && error == NULL);
        const uint8_t *data = NULL;
        size_t len = 0;
        EXPECT(syncmatch_buffer_data(bytes, &data, &len) == SYNC_MATCH_STATUS_OK && len == 7 && memcmp(data, "journal", 7) == 0);
        syncmatch_buffer_free(bytes);
        remove(path);
    }
    EXPECT(syncmatch_file_read((const uint8_t *)path, strlen(path), NULL, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
}

/* The deployment: read from its JSON description, refused with a reason, copied into sessions. */
static void deployment(void) {
    const char *json = "{\"engine\":\"CloudSync\",\"excludedContainers\":[\"OU=Disabled,DC=contoso,DC=com\"]}";
    SyncMatchDeployment *deployment = NULL;
    SyncMatchBuffer *error = NULL;
    EXPECT(syncmatch_deployment_new((const uint8_t *)json, strlen(json), &deployment, &error) == SYNC_MATCH_STATUS_OK && error == NULL);
    const char *bad = "{\"includedContainers\":[\"Staff\"]}";
    SyncMatchDeployment *refused = NULL;
    EXPECT(syncmatch_deployment_new((const uint8_t *)bad, strlen(bad), &refused, &error) == SYNC_MATCH_STATUS_INVALID_ARGUMENT && refused == NULL);
    char *why = take(error);
    EXPECT(strstr(why, "'Staff' is not a distinguished name") != NULL);
    free(why);
    EXPECT(syncmatch_deployment_new((const uint8_t *)bad, strlen(bad), &refused, NULL) == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
    const uint8_t bad_utf8[] = {'{', 0xFF, '}'};
    EXPECT(syncmatch_deployment_new(bad_utf8, 3, &refused, NULL) == SYNC_MATCH_STATUS_INVALID_UTF8);
    EXPECT(syncmatch_deployment_new(NULL, 4, &refused, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_deployment_new((const uint8_t *)json, strlen(json), NULL, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);

    /* Cloud Sync's anchor is fixed: Auto only. */
    SyncMatchBuffer *problem = NULL;
    EXPECT(syncmatch_deployment_anchor_problem(deployment, SYNC_MATCH_ANCHOR_ATTRIBUTE_AUTO, &problem) == SYNC_MATCH_STATUS_OK && problem == NULL);
    EXPECT(syncmatch_deployment_anchor_problem(deployment, SYNC_MATCH_ANCHOR_ATTRIBUTE_CUSTOM, &problem) == SYNC_MATCH_STATUS_OK && problem != NULL);
    why = take(problem);
    EXPECT(strstr(why, "no supported way to change it") != NULL);
    free(why);
    EXPECT(syncmatch_deployment_anchor_problem(deployment, 77, &problem) == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
    EXPECT(syncmatch_deployment_anchor_problem(NULL, 0, &problem) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_deployment_anchor_problem(deployment, 0, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);

    /* The attributes it reads by their own names: none here; the sign-in and forest-join ones when given. */
    SyncMatchBuffer *columns = NULL;
    EXPECT(syncmatch_deployment_given_columns(deployment, &columns) == SYNC_MATCH_STATUS_OK && columns != NULL);
    why = take(columns);
    EXPECT(strcmp(why, "[]") == 0);
    free(why);
    const char *joined = "{\"userPrincipalNameAttribute\":\"mail\",\"forestJoin\":\"employeeNumber\"}";
    SyncMatchDeployment *forests = NULL;
    EXPECT(syncmatch_deployment_new((const uint8_t *)joined, strlen(joined), &forests, NULL) == SYNC_MATCH_STATUS_OK);
    EXPECT(syncmatch_deployment_given_columns(forests, &columns) == SYNC_MATCH_STATUS_OK);
    why = take(columns);
    EXPECT(strstr(why, "\"field\":\"UpnSource\",\"name\":\"mail\"") != NULL);
    EXPECT(strstr(why, "\"field\":\"JoinValue\",\"name\":\"employeeNumber\"") != NULL);
    free(why);
    syncmatch_deployment_free(forests);
    EXPECT(syncmatch_deployment_given_columns(NULL, &columns) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_deployment_given_columns(deployment, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    /* The SID join is read; any join under Cloud Sync is refused. */
    const char *sid = "{\"forestJoin\":\"ObjectSidMasterAccountSid\"}";
    EXPECT(syncmatch_deployment_new((const uint8_t *)sid, strlen(sid), &forests, NULL) == SYNC_MATCH_STATUS_OK);
    syncmatch_deployment_free(forests);
    const char *cloud_join = "{\"engine\":\"CloudSync\",\"forestJoin\":\"Mail\"}";
    EXPECT(syncmatch_deployment_new((const uint8_t *)cloud_join, strlen(cloud_join), &refused, NULL) == SYNC_MATCH_STATUS_INVALID_ARGUMENT);

    /* A prediction honours it: an object in an excluded OU is skipped, saying so. */
    rows_clear();
    SyncMatchPredictionSettings settings = {1, 0, 0, SYNC_MATCH_ANCHOR_ATTRIBUTE_AUTO, 0};
    SyncMatchPrediction *prediction = NULL;
    EXPECT(syncmatch_prediction_new(&settings, NULL, 0, NULL, 0, NULL, 0, &prediction) == SYNC_MATCH_STATUS_OK);
    EXPECT(syncmatch_prediction_set_deployment(prediction, deployment) == SYNC_MATCH_STATUS_OK);
    EXPECT(syncmatch_prediction_set_deployment(NULL, deployment) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_prediction_set_deployment(prediction, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    cell("DistinguishedName", text("CN=Old,OU=Disabled,DC=contoso,DC=com"));
    cell("ObjectClass", text("user"));
    cell("SamAccountName", text("old"));
    cell("UserPrincipalName", text("old@contoso.com"));
    cell("ObjectGuid", text("35918bc9-196d-40ea-9779-889d79b753f0"));
    row_end();
    SyncMatchRows users = rows();
    SyncMatchBuffer *failed = NULL;
    EXPECT(syncmatch_prediction_add_users(prediction, &users, &failed) == SYNC_MATCH_STATUS_OK);
    syncmatch_buffer_free(failed);
    /* Once a user is in, the deployment cannot change. */
    EXPECT(syncmatch_prediction_set_deployment(prediction, deployment) == SYNC_MATCH_STATUS_INVALID_STATE);
    size_t count = 0;
    EXPECT(syncmatch_prediction_finish(prediction, 0, &count) == SYNC_MATCH_STATUS_OK && count == 1);
    SyncMatchBuffer *out = NULL;
    EXPECT(syncmatch_prediction_records(prediction, 0, 10, 0, &out) == SYNC_MATCH_STATUS_OK);
    EXPECT(records_hold(out, "configured scope leaves it out: OU filtering excludes OU=Disabled,DC=contoso,DC=com"));
    syncmatch_prediction_free(prediction);

    SyncMatchReadiness *session = NULL;
    EXPECT(syncmatch_readiness_new(NULL, 0, NULL, 0, SYNC_MATCH_ANCHOR_ATTRIBUTE_AUTO, &session) == SYNC_MATCH_STATUS_OK);
    EXPECT(syncmatch_readiness_set_deployment(session, deployment) == SYNC_MATCH_STATUS_OK);
    EXPECT(syncmatch_readiness_set_deployment(session, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    syncmatch_readiness_free(session);
    SyncMatchPlanSettings plan_settings = {SYNC_MATCH_ANCHOR_ATTRIBUTE_AUTO, SYNC_MATCH_DIRECTION_TO_CLOUD, 0, 0};
    SyncMatchPlan *plan = NULL;
    EXPECT(syncmatch_plan_new(&plan_settings, NULL, 0, NULL, 0, NULL, 0, NULL, 0, &plan) == SYNC_MATCH_STATUS_OK);
    EXPECT(syncmatch_plan_set_deployment(plan, deployment) == SYNC_MATCH_STATUS_OK);
    EXPECT(syncmatch_plan_set_deployment(NULL, deployment) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    syncmatch_plan_free(plan);
    syncmatch_deployment_free(deployment);
    syncmatch_deployment_free(NULL);
}

int main(void) {
    /* Exercise the panic path: the library must report it per input and print nothing. */
    setenv("SYNCMATCH_TEST_PANIC_ON", "boom", 1);
    version();
    anchors();
    addresses();
    readiness();
    prediction();
    plan();
    export_file();
    strict_exports();
    directory_json();
    journal();
    mapping_columns();
    deployment();
    free(schema);
    printf("%d passed, %d failed\n", checks - failures, failures);
    return failures == 0 ? 0 : 1;
}

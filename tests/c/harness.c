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

/* Whether a checked page holds a failure with this index, line and status. */
static int page_has_failure(SyncMatchBuffer *buffer, uint64_t index, uint64_t line, uint32_t status) {
    const uint8_t *bytes = NULL;
    size_t len = 0;
    EXPECT(syncmatch_buffer_data(buffer, &bytes, &len) == SYNC_MATCH_STATUS_OK);
    Page page = {bytes, bytes + len};
    page_findings(&page);
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
    return found;
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
    EXPECT(strstr(json, "\"abiVersion\":") != NULL && strstr(json, "\"SyncMatchSlot\"") != NULL);
    free(json);
    EXPECT(syncmatch_abi_describe(NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
}

static void anchors(void) {
    used = 0;
    SyncMatchAnchorInput input = {SYNC_MATCH_INPUT_SHAPE_VALUE, text("35918bc9-196d-40ea-9779-889d79b753f0"), {0, 0, 0}};
    uint8_t anchor[16];
    uint32_t spelling = 0;
    SyncMatchError *error = NULL;
    EXPECT(syncmatch_anchor_resolve(data, used, &input, 0, 0, anchor, &spelling, &error) == SYNC_MATCH_STATUS_OK);
    EXPECT(error == NULL && anchor[0] == 0xC9 && spelling == SYNC_MATCH_SPELLING_GUID);

    SyncMatchAnchorText spelled;
    EXPECT(syncmatch_anchor_format(anchor, &spelled) == SYNC_MATCH_STATUS_OK);
    EXPECT(memcmp(spelled.immutable_id, "yYuRNW0Z6kCXeYidebdT8A==", 24) == 0);
    EXPECT(syncmatch_anchor_format(NULL, &spelled) == SYNC_MATCH_STATUS_NULL_ARGUMENT);

    /* A bad value: the error carries a message and is freed once. */
    SyncMatchAnchorInput bad = {SYNC_MATCH_INPUT_SHAPE_VALUE, text("not-a-guid"), {0, 0, 0}};
    EXPECT(syncmatch_anchor_resolve(data, used, &bad, 0, 1, anchor, &spelling, &error) == SYNC_MATCH_STATUS_ANCHOR_INVALID_GUID);
    EXPECT(error != NULL);
    const uint8_t *message = NULL;
    size_t message_len = 0;
    uint32_t status = 0;
    EXPECT(syncmatch_error_message(error, &message, &message_len, &status) == SYNC_MATCH_STATUS_OK && message_len > 0);
    EXPECT(syncmatch_error_message(NULL, &message, &message_len, &status) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    syncmatch_error_free(error);
    syncmatch_error_free(NULL);

    /* Bad UTF-8, a slot outside the buffer, an unknown shape, spelling and attribute, NULLs. */
    const uint8_t invalid[] = {0xC3, 0x28};
    SyncMatchAnchorInput utf8 = {SYNC_MATCH_INPUT_SHAPE_VALUE, raw(invalid, 2, SYNC_MATCH_SLOT_KIND_UTF8_TEXT), {0, 0, 0}};
    EXPECT(syncmatch_anchor_resolve(data, used, &utf8, 0, 0, anchor, &spelling, &error) == SYNC_MATCH_STATUS_INVALID_UTF8);
    syncmatch_error_free(error);
    SyncMatchAnchorInput outside = {SYNC_MATCH_INPUT_SHAPE_VALUE, {SYNC_MATCH_SLOT_KIND_UTF8_TEXT, 4000, 500}, {0, 0, 0}};
    EXPECT(syncmatch_anchor_resolve(data, used, &outside, 0, 0, anchor, &spelling, &error) == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
    syncmatch_error_free(error);
    SyncMatchAnchorInput shape = {99, text("x"), {0, 0, 0}};
    EXPECT(syncmatch_anchor_resolve(data, used, &shape, 0, 0, anchor, &spelling, &error) == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
    syncmatch_error_free(error);
    EXPECT(syncmatch_anchor_resolve(data, used, &input, 7, 0, anchor, &spelling, &error) == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
    syncmatch_error_free(error);
    EXPECT(syncmatch_anchor_resolve(data, used, &input, 0, 42, anchor, &spelling, &error) == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
    syncmatch_error_free(error);
    EXPECT(syncmatch_anchor_resolve(data, used, NULL, 0, 0, anchor, &spelling, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_anchor_resolve(NULL, 5, &input, 0, 0, anchor, &spelling, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);

    /* Batches: statuses per input, short buffers refused. */
    SyncMatchAnchorInput inputs[2] = {input, bad};
    uint8_t many[32];
    uint32_t statuses[2];
    EXPECT(syncmatch_anchor_resolve_batch(data, used, inputs, 2, 0, 0, many, 32, statuses, 2) == SYNC_MATCH_STATUS_OK);
    EXPECT(statuses[0] == SYNC_MATCH_STATUS_OK && statuses[1] == SYNC_MATCH_STATUS_ANCHOR_UNRECOGNIZED);
    EXPECT(syncmatch_anchor_resolve_batch(data, used, inputs, 2, 0, 0, many, 31, statuses, 2) == SYNC_MATCH_STATUS_BUFFER_TOO_SMALL);
    EXPECT(syncmatch_anchor_resolve_batch(data, used, inputs, 2, 0, 0, many, 32, statuses, 1) == SYNC_MATCH_STATUS_BUFFER_TOO_SMALL);
    EXPECT(syncmatch_anchor_resolve_batch(data, used, NULL, 2, 0, 0, many, 32, statuses, 2) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_anchor_resolve_batch(NULL, 0, NULL, 0, 0, 0, NULL, 0, NULL, 0) == SYNC_MATCH_STATUS_OK);

    uint8_t chars[48];
    EXPECT(syncmatch_anchor_immutable_ids(many, 32, chars, 48) == SYNC_MATCH_STATUS_OK);
    EXPECT(memcmp(chars, "yYuRNW0Z6kCXeYidebdT8A==", 24) == 0);
    EXPECT(syncmatch_anchor_immutable_ids(many, 31, chars, 48) == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
    EXPECT(syncmatch_anchor_immutable_ids(many, 32, chars, 47) == SYNC_MATCH_STATUS_BUFFER_TOO_SMALL);
    EXPECT(syncmatch_anchor_immutable_ids(NULL, (SIZE_MAX / 16) * 16, NULL, SIZE_MAX) == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
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
    used = 0;
    SyncMatchSlot domain = text("contoso.com");
    SyncMatchReadiness *session = NULL;
    EXPECT(syncmatch_readiness_new(data, used, &domain, 1, &session) == SYNC_MATCH_STATUS_OK);
    EXPECT(syncmatch_readiness_new(data, used, &domain, 1, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);

    SyncMatchDirectoryObject objects[4];
    memset(objects, 0, sizeof objects);
    const char *names[4] = {"Jos\xC3\xA9", "boom", "Ren\xC3\xA9" "e", "bad-range"};
    for (int i = 0; i < 4; i++) {
        objects[i].sam_account_name = text(names[i]);
        objects[i].mail = text("noreply@contoso.com");
    }
    objects[3].proxy_addresses_first = 9;
    objects[3].proxy_addresses_count = 1;
    SyncMatchBuffer *out = NULL;
    EXPECT(syncmatch_readiness_check(session, data, used, objects, 4, NULL, 0, &out) == SYNC_MATCH_STATUS_OK);
    /* The injected panic fails "boom" alone; the bad range fails its object alone. */
    EXPECT(page_has_failure(out, 1, 0, SYNC_MATCH_STATUS_PANIC));
    EXPECT(page_has_failure(out, 3, 0, SYNC_MATCH_STATUS_INVALID_ARGUMENT));
    syncmatch_buffer_free(out);
    EXPECT(syncmatch_readiness_check(NULL, data, used, objects, 1, NULL, 0, &out) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_readiness_check(session, NULL, 0, NULL, 2, NULL, 0, &out) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
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

static void prediction(void) {
    used = 0;
    SyncMatchPredictionSettings settings = {1, 0, 0, SYNC_MATCH_ANCHOR_ATTRIBUTE_AUTO};
    SyncMatchSlot domains[2];
    domains[0] = text("contoso.com");
    domains[1] = text("contoso.onmicrosoft.com");
    SyncMatchPrediction *prediction = NULL;
    EXPECT(syncmatch_prediction_new(&settings, data, used, domains, 2, NULL, 0, &prediction) == SYNC_MATCH_STATUS_OK);
    EXPECT(syncmatch_prediction_new(NULL, data, used, domains, 2, NULL, 0, &prediction) == SYNC_MATCH_STATUS_NULL_ARGUMENT);

    SyncMatchCloudUser cloud;
    memset(&cloud, 0, sizeof cloud);
    cloud.id = text("c1");
    cloud.user_principal_name = text("jane@contoso.com");
    cloud.mail = text("jane@contoso.com");
    /* Room for the cloud users about to come: an estimate, so even SIZE_MAX only reserves nothing. */
    EXPECT(syncmatch_prediction_reserve_cloud(prediction, 2) == SYNC_MATCH_STATUS_OK);
    EXPECT(syncmatch_prediction_reserve_cloud(prediction, SIZE_MAX) == SYNC_MATCH_STATUS_OK);
    EXPECT(syncmatch_prediction_reserve_cloud(NULL, 2) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_prediction_add_cloud(prediction, data, used, &cloud, 1, NULL, 0) == SYNC_MATCH_STATUS_OK);
    SyncMatchCloudUser bad_cloud = cloud;
    bad_cloud.id.offset = 4000;
    EXPECT(syncmatch_prediction_add_cloud(prediction, data, used, &bad_cloud, 1, NULL, 0) == SYNC_MATCH_STATUS_INVALID_ARGUMENT);

    SyncMatchOnPremUser users[3];
    memset(users, 0, sizeof users);
    const char *names[3] = {"jane", "boom", "Jos\xC3\xA9"};
    for (int i = 0; i < 3; i++) {
        users[i].object.sam_account_name = text(names[i]);
        users[i].object.user_principal_name = text("jane@contoso.com");
        users[i].object_guid = text("35918bc9-196d-40ea-9779-889d79b753f0");
    }
    EXPECT(syncmatch_prediction_add_users(prediction, data, used, users, 3, NULL, 0) == SYNC_MATCH_STATUS_OK);
    EXPECT(syncmatch_prediction_add_cloud(prediction, data, used, &cloud, 1, NULL, 0) == SYNC_MATCH_STATUS_INVALID_STATE);
    EXPECT(syncmatch_prediction_reserve_cloud(prediction, 1) == SYNC_MATCH_STATUS_INVALID_STATE);
    EXPECT(syncmatch_prediction_add_users(NULL, data, used, users, 1, NULL, 0) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    size_t count = 0;
    EXPECT(syncmatch_prediction_finish(prediction, 1, &count) == SYNC_MATCH_STATUS_OK && count == 3);
    EXPECT(syncmatch_prediction_finish(prediction, 1, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_prediction_add_users(prediction, data, used, users, 1, NULL, 0) == SYNC_MATCH_STATUS_INVALID_STATE);
    SyncMatchBuffer *out = NULL;
    EXPECT(syncmatch_prediction_results(prediction, 0, 10, 1, &out) == SYNC_MATCH_STATUS_OK);
    char *json = take(out);
    EXPECT(strstr(json, "\"errorStatus\":5") != NULL);
    EXPECT(strstr(json, "DuplicateOnPremises") != NULL);
    free(json);
    EXPECT(syncmatch_prediction_results(prediction, 99, 10, 1, &out) == SYNC_MATCH_STATUS_OK);
    free(take(out));
    EXPECT(syncmatch_prediction_results(NULL, 0, 1, 0, &out) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    syncmatch_prediction_free(prediction);
    syncmatch_prediction_free(NULL);

    /* An anchor setting outside the enum is refused; Custom is taken. */
    SyncMatchPredictionSettings bad = {1, 0, 0, 99};
    prediction = NULL;
    EXPECT(syncmatch_prediction_new(&bad, data, used, domains, 2, NULL, 0, &prediction) == SYNC_MATCH_STATUS_INVALID_ARGUMENT && prediction == NULL);
    SyncMatchPredictionSettings custom = {1, 0, 0, SYNC_MATCH_ANCHOR_ATTRIBUTE_CUSTOM};
    EXPECT(syncmatch_prediction_new(&custom, data, used, domains, 2, NULL, 0, &prediction) == SYNC_MATCH_STATUS_OK);
    SyncMatchCloudUser deleted;
    memset(&deleted, 0, sizeof deleted);
    deleted.id = text("d1");
    deleted.immutable_id = text("E1234");
    deleted.deleted = 1;
    EXPECT(syncmatch_prediction_add_cloud(prediction, data, used, &deleted, 1, NULL, 0) == SYNC_MATCH_STATUS_OK);
    SyncMatchOnPremUser more[3];
    memset(more, 0, sizeof more);
    more[0].object.sam_account_name = text("emp");
    more[0].consistency_guid = text("E1234");
    /* Refused by the caller: its row keeps its place, with no error status of its own. */
    more[1].object.distinguished_name = text("CN=Refused");
    more[1].rejection = text("too deep");
    /* A type name where a value belongs. */
    more[2].object.sam_account_name = text("typed");
    more[2].object.mail = text("System.String[]");
    more[2].consistency_guid = text("E999");
    EXPECT(syncmatch_prediction_add_users(prediction, data, used, more, 3, NULL, 0) == SYNC_MATCH_STATUS_OK);
    EXPECT(syncmatch_prediction_finish(prediction, 1, &count) == SYNC_MATCH_STATUS_OK && count == 3);
    EXPECT(syncmatch_prediction_results(prediction, 0, 10, 1, &out) == SYNC_MATCH_STATUS_OK);
    json = take(out);
    EXPECT(strstr(json, "\"outcome\":\"Restore\"") != NULL);
    EXPECT(strstr(json, "\"identity\":\"CN=Refused\"") != NULL);
    EXPECT(strstr(json, "\"errorStatus\":108") != NULL);
    EXPECT(strstr(json, "InvalidInput") != NULL);
    free(json);
    syncmatch_prediction_free(prediction);
}

static void plan(void) {
    used = 0;
    SyncMatchPlanSettings settings = {SYNC_MATCH_ANCHOR_ATTRIBUTE_AUTO, SYNC_MATCH_DIRECTION_TO_CLOUD, 0, 0};
    SyncMatchPlan *handle = NULL;
    EXPECT(syncmatch_plan_new(&settings, data, used, NULL, 0, NULL, 0, &handle) == SYNC_MATCH_STATUS_OK);
    SyncMatchPlanSettings bad = {SYNC_MATCH_ANCHOR_ATTRIBUTE_AUTO, 7, 0, 0};
    SyncMatchPlan *refused = NULL;
    EXPECT(syncmatch_plan_new(&bad, data, used, NULL, 0, NULL, 0, &refused) == SYNC_MATCH_STATUS_INVALID_ARGUMENT && refused == NULL);

    SyncMatchCloudUser cloud;
    memset(&cloud, 0, sizeof cloud);
    cloud.id = text("c1");
    cloud.user_principal_name = text("jane@contoso.com");
    EXPECT(syncmatch_plan_add_cloud(handle, data, used, &cloud, 1, NULL, 0) == SYNC_MATCH_STATUS_OK);

    SyncMatchOnPremUser users[2];
    memset(users, 0, sizeof users);
    users[0].object.sam_account_name = text("jane");
    users[0].object_guid = text("35918bc9-196d-40ea-9779-889d79b753f0");
    users[1].object.sam_account_name = text("typed");
    users[1].object.mail = text("System.String[]");
    SyncMatchBuffer *out = NULL;
    EXPECT(syncmatch_plan_add_on_prem(handle, data, used, users, 2, NULL, 0, &out) == SYNC_MATCH_STATUS_OK);
    char *json = take(out);
    EXPECT(strstr(json, "\"index\":1") != NULL);
    free(json);

    SyncMatchMappingRow rows[2];
    memset(rows, 0, sizeof rows);
    rows[0].on_prem_key = text("jane");
    rows[0].cloud_key = text("c1");
    rows[1].on_prem_key = text("nobody");
    rows[1].cloud_key = text("jane@contoso.com");
    rows[1].cloud_kind = SYNC_MATCH_CLOUD_KEY_USER_PRINCIPAL_NAME;
    EXPECT(syncmatch_plan_add_rows(handle, data, used, rows, 2) == SYNC_MATCH_STATUS_OK);
    SyncMatchMappingRow bad_row = rows[0];
    bad_row.on_prem_kind = 99;
    EXPECT(syncmatch_plan_add_rows(handle, data, used, &bad_row, 1) == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
    EXPECT(syncmatch_plan_add_cloud(handle, data, used, &cloud, 1, NULL, 0) == SYNC_MATCH_STATUS_INVALID_STATE);
    size_t count = 0;
    EXPECT(syncmatch_plan_finish(handle, &count) == SYNC_MATCH_STATUS_OK && count == 2);
    EXPECT(syncmatch_plan_finish(handle, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_plan_add_rows(handle, data, used, rows, 1) == SYNC_MATCH_STATUS_INVALID_STATE);
    EXPECT(syncmatch_plan_items(handle, 0, 10, &out) == SYNC_MATCH_STATUS_OK);
    json = take(out);
    EXPECT(strstr(json, "\"immutableId\":\"yYuRNW0Z6kCXeYidebdT8A==\"") != NULL);
    EXPECT(strstr(json, "OnPremisesUserNotFound") != NULL);
    free(json);
    EXPECT(syncmatch_plan_items(NULL, 0, 1, &out) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
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
    EXPECT(syncmatch_export_read_csv((const uint8_t *)path, strlen(path), &progress, &export_, &error) == SYNC_MATCH_STATUS_OK && error == NULL);
    EXPECT(progress.read == strlen(content) && progress.parsed == strlen(content) && progress.total == strlen(content));
    syncmatch_export_free(export_);
    EXPECT(syncmatch_export_read_csv((const uint8_t *)path, strlen(path), NULL, &export_, &error) == SYNC_MATCH_STATUS_OK && error == NULL);
    SyncMatchBuffer *out = NULL;
    EXPECT(syncmatch_export_describe(export_, &out) == SYNC_MATCH_STATUS_OK);
    char *json = take(out);
    EXPECT(strstr(json, "\"rows\":2") != NULL);
    free(json);
    SyncMatchReadiness *session = NULL;
    EXPECT(syncmatch_readiness_new(NULL, 0, NULL, 0, &session) == SYNC_MATCH_STATUS_OK);
    EXPECT(syncmatch_readiness_check_export(session, export_, 0, 100, &out) == SYNC_MATCH_STATUS_OK);
    EXPECT(page_has_failure(out, 0, 2, SYNC_MATCH_STATUS_ANCHOR_TYPE_NAME));
    syncmatch_buffer_free(out);
    EXPECT(syncmatch_readiness_check_export(session, NULL, 0, 1, &out) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    syncmatch_readiness_free(session);

    SyncMatchPredictionSettings settings = {1, 0, 0, SYNC_MATCH_ANCHOR_ATTRIBUTE_AUTO};
    SyncMatchPrediction *prediction = NULL;
    EXPECT(syncmatch_prediction_new(&settings, NULL, 0, NULL, 0, NULL, 0, &prediction) == SYNC_MATCH_STATUS_OK);
    /* Not a cloud export (no Id column): refused as cloud users. */
    EXPECT(syncmatch_prediction_add_cloud_export(prediction, export_, 0) == SYNC_MATCH_STATUS_EXPORT_MISSING_COLUMN);
    EXPECT(syncmatch_prediction_add_cloud_export(NULL, export_, 0) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    /* Anchors of the rows: the CSV has no anchor columns, so both rows fail, named by line. */
    uint8_t anchors[2 * SYNCMATCH_ANCHOR_LEN];
    EXPECT(syncmatch_export_anchors(export_, SYNC_MATCH_ANCHOR_ATTRIBUTE_AUTO, 0, 10, anchors, sizeof anchors, &out) == SYNC_MATCH_STATUS_OK);
    json = take(out);
    EXPECT(strstr(json, "\"line\":2") != NULL && strstr(json, "\"line\":3") != NULL);
    free(json);
    EXPECT(syncmatch_export_anchors(export_, SYNC_MATCH_ANCHOR_ATTRIBUTE_AUTO, 0, 10, anchors, 10, &out) == SYNC_MATCH_STATUS_BUFFER_TOO_SMALL);
    EXPECT(syncmatch_export_anchors(export_, SYNC_MATCH_ANCHOR_ATTRIBUTE_CUSTOM, 0, 10, anchors, sizeof anchors, &out) == SYNC_MATCH_STATUS_INVALID_ARGUMENT);
    EXPECT(syncmatch_export_anchors(NULL, 0, 0, 1, anchors, sizeof anchors, &out) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    /* A custom anchor column the file lacks is refused, with the file's columns named. */
    const char *employee = "employeeID";
    EXPECT(syncmatch_export_column(export_, (const uint8_t *)employee, strlen(employee), &error) == SYNC_MATCH_STATUS_EXPORT_MISSING_COLUMN && error != NULL);
    syncmatch_error_free(error);
    EXPECT(syncmatch_export_column(export_, (const uint8_t *)"MAIL", 4, &error) == SYNC_MATCH_STATUS_OK && error == NULL);
    EXPECT(syncmatch_export_column(NULL, (const uint8_t *)"mail", 4, NULL) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_prediction_add_export(prediction, export_, (const uint8_t *)employee, strlen(employee), 0, 1) == SYNC_MATCH_STATUS_EXPORT_MISSING_COLUMN);
    EXPECT(syncmatch_prediction_add_export(prediction, export_, NULL, 0, 0, 100) == SYNC_MATCH_STATUS_OK);
    EXPECT(syncmatch_prediction_add_cloud_export(prediction, export_, 0) == SYNC_MATCH_STATUS_INVALID_STATE);
    EXPECT(syncmatch_prediction_add_export(NULL, export_, NULL, 0, 0, 1) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    size_t count = 0;
    EXPECT(syncmatch_prediction_finish(prediction, 0, &count) == SYNC_MATCH_STATUS_OK && count == 2);
    EXPECT(syncmatch_prediction_results(prediction, 0, 10, 0, &out) == SYNC_MATCH_STATUS_OK);
    json = take(out);
    EXPECT(strstr(json, "syncmatch-harness-export.csv, line 2") != NULL);
    free(json);
    /* The same page as compact records: a count, then records with their texts (memmem: binary). */
    EXPECT(syncmatch_prediction_records(prediction, 0, 10, 0, &out) == SYNC_MATCH_STATUS_OK);
    const uint8_t *records = NULL;
    size_t records_len = 0;
    EXPECT(syncmatch_buffer_data(out, &records, &records_len) == SYNC_MATCH_STATUS_OK && records_len > 4);
    EXPECT(records[0] == 2 && records[1] == 0 && records[2] == 0 && records[3] == 0);
    const char *needle = "syncmatch-harness-export.csv, line 2";
    EXPECT(memmem(records, records_len, needle, strlen(needle)) != NULL);
    syncmatch_buffer_free(out);
    EXPECT(syncmatch_prediction_records(NULL, 0, 10, 0, &out) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    EXPECT(syncmatch_prediction_add_export(prediction, export_, NULL, 0, 0, 1) == SYNC_MATCH_STATUS_INVALID_STATE);
    syncmatch_prediction_free(prediction);

    SyncMatchPlanSettings plan_settings = {SYNC_MATCH_ANCHOR_ATTRIBUTE_AUTO, SYNC_MATCH_DIRECTION_TO_CLOUD, 0, 0};
    SyncMatchPlan *plan = NULL;
    EXPECT(syncmatch_plan_new(&plan_settings, NULL, 0, NULL, 0, NULL, 0, &plan) == SYNC_MATCH_STATUS_OK);
    EXPECT(syncmatch_plan_add_export(plan, export_, (const uint8_t *)"mail", 4, 0, &out) == SYNC_MATCH_STATUS_OK);
    json = take(out);
    EXPECT(strstr(json, "line 2") != NULL);
    free(json);
    EXPECT(syncmatch_plan_add_export(plan, NULL, NULL, 0, 0, &out) == SYNC_MATCH_STATUS_NULL_ARGUMENT);
    syncmatch_plan_free(plan);
    syncmatch_export_free(export_);
    syncmatch_export_free(NULL);
    const char *missing = "/tmp/syncmatch-no-such-export.csv";
    EXPECT(syncmatch_export_read_csv((const uint8_t *)missing, strlen(missing), NULL, &export_, &error) == SYNC_MATCH_STATUS_EXPORT_UNREADABLE && error != NULL);
    syncmatch_error_free(error);
    remove(path);
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
    printf("%d passed, %d failed\n", checks - failures, failures);
    return failures == 0 ? 0 : 1;
}

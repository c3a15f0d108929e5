/*
 * cache_format.h - the layout of a cache entry on disk (private).
 *
 *   header            magic, format, byte order, element sizes, counts,
 *                     identity and fingerprint of the inputs, one
 *                     (offset, length, checksum) per section, and a
 *                     checksum of the header itself
 *   sections          8-byte aligned, in any order: arrays of fixed-size
 *                     elements used in place where the graph's own layout
 *                     is the same (edges, adjacency, lineage, id index),
 *                     compact records where it holds pointers (models,
 *                     diagnostics), and one blob of NUL-terminated strings
 *                     that every string offset points into
 *
 * A companion blob file has a header of its own (blob_header): the graph
 * entry's identity and fingerprint, its kind and key, its length and
 * checksum.
 */
#ifndef LG_CACHE_FORMAT_H
#define LG_CACHE_FORMAT_H

#include <stdint.h>

#define CACHE_MAGIC "LGCACHE\x01"
#define BLOB_MAGIC "LGBLOB\x01\x00"
#define CACHE_FORMAT 3u /* 3: audit blobs carry concluded licences */
#define BYTE_ORDER_MARK 0x01020304u
#define NO_STRING UINT32_MAX

enum {
	SEC_STATS,       /* uint64_t[STAT_COUNT] */
	SEC_STRINGS,     /* char[], the last one NUL */
	SEC_MODELS,      /* disk_model[n_models] */
	SEC_LICENSES,    /* uint32_t string offsets, referenced by models */
	SEC_EDGES,       /* lg_edge[n_edges] */
	SEC_CHILD_OFF,   /* uint32_t[n_models + 1] */
	SEC_CHILD_IDX,   /* uint32_t[n_edges] */
	SEC_PARENT_OFF,
	SEC_PARENT_IDX,
	SEC_HASHES,      /* uint32_t[n_models] */
	SEC_SLOTS,       /* uint32_t[n_slots] */
	SEC_LINEAGE,     /* lg_lineage[n_models] */
	SEC_FAMILY_SIZE, /* uint32_t[n_families] */
	SEC_ORDER,       /* lg_node[n_models] */
	SEC_ID_RANK,     /* uint32_t[n_models], a permutation */
	SEC_DIAGS,       /* disk_diag[n_diags] */
	SEC_FILES,       /* disk_file[n_files]: what the fingerprint saw */
	SEC_COUNT
};

/* lg_graph_stats, field by field, as uint64_t (cache_write.c's order),
 * with room to grow. */
enum { STAT_COUNT = 32 };

typedef struct {
	uint64_t offset, length, hash;
} disk_section;

typedef struct {
	char magic[8];
	uint32_t format, byte_order;
	uint16_t edge_size, lineage_size, model_size, diag_size;
	uint32_t n_sections, reserved;
	uint64_t identity, fingerprint, file_size;
	uint64_t n_models, n_edges, n_slots, n_families, n_license_refs;
	uint64_t n_strings, n_diags, n_files;
	disk_section sections[SEC_COUNT];
	uint64_t header_hash; /* of every byte above it */
} disk_header;

typedef struct {
	uint32_t id, author, created_at, last_modified, pipeline_tag,
		library_name, license_name, license_link, file;
	uint32_t licenses;   /* first of n_licenses entries of SEC_LICENSES */
	uint32_t id_hash;
	uint8_t n_licenses, gated_plus_1, self_loop, external;
	int64_t downloads, likes, line, index;
} disk_model;

typedef struct {
	uint32_t file, model, text, seq;
	uint8_t kind, skipped, pad[6];
	int64_t line, index;
} disk_diag;

typedef struct {
	uint32_t path, pad;
	int64_t size, mtime_s, mtime_ns, limit;
} disk_file;

typedef struct {
	char magic[8];
	uint32_t format, byte_order;
	uint64_t identity, fingerprint, key, kind_hash, length, hash;
	uint64_t header_hash;
} blob_header;

#endif

/*
 * lg_cache.h - the built graph in a binary file, so a second question on
 * the same inputs skips JSON entirely (SPEC §6).
 *
 * One cache directory holds an entry per set of inputs: the entry's name
 * comes from the inputs' absolute paths, its content is checked against a
 * fingerprint of every file the inputs expand to (path, size, modification
 * time, and a snapshot's committed length). The file is mapped and used in
 * place: the edges, adjacency, lineage counts and id index are arrays in
 * it, the strings a blob; only the per-model records are rebuilt as
 * pointers into it.
 *
 * Nothing in a cache file is trusted: a wrong magic or format version, a
 * checksum that does not match, a truncated file, an offset or node number
 * out of range, an entry for other inputs, or inputs that changed since -
 * each makes lg_cache_load refuse the entry and say why, and the caller
 * rebuilds. Entries are written to a temporary file and renamed into
 * place, so a reader sees a whole old entry or a whole new one, and two
 * processes filling the same entry both end with a correct one.
 *
 * Companion entries (communities, keyed by their options) sit beside the
 * graph's entry and are checked against the same fingerprint.
 */
#ifndef LG_CACHE_H
#define LG_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "lg_error.h"
#include "lg_graph.h"

typedef struct lg_cache lg_cache;

/*
 * The entry for these inputs in dir (which need not exist yet). Walks the
 * inputs to fingerprint them, which costs one stat per file. Returns 0,
 * or LG_EINVAL when the inputs cannot be cached (stdin, a pipe or device):
 * then there is no entry and the caller reads the inputs as usual.
 */
int lg_cache_open(lg_cache **out, const char *dir, const char *const *inputs,
		  size_t n_inputs, lg_error *err);
void lg_cache_free(lg_cache *c);

/* The entry's path, for messages. */
const char *lg_cache_path(const lg_cache *c);

/*
 * Loads the built graph from the entry. 0 on success: *out is a built
 * graph whose kept diagnostics (lg_graph_replay_diags) are the original
 * ingest's. LG_ENOTFOUND when there is no usable entry: err->text is ""
 * when there simply is none, else why the one there was refused
 * ("corrupt: ...", "truncated ...", "stale: ... changed", "written by
 * another version ...", "not a lineage cache ..."), which the caller
 * reports once before rebuilding. Time: O(|V| + |E|) checks, no parsing.
 */
int lg_cache_load(lg_cache *c, lg_graph **out, lg_error *err);

/*
 * Writes the built graph g as the entry, atomically. LG_EINVAL when g
 * cannot be cached (its diagnostics overflowed the log, or its strings
 * exceed 4 GiB), LG_EIO when the directory cannot be written.
 */
int lg_cache_save(lg_cache *c, const lg_graph *g, lg_error *err);

/*
 * A companion blob of the entry (e.g. communities), named by kind and a
 * key of the caller's (its options). Saved with the entry's fingerprint;
 * loading one returns LG_ENOTFOUND (with a reason in err->text, or "")
 * unless it was saved for the same inputs as they are now. *data is
 * malloc'd; the caller frees it.
 */
int lg_cache_save_blob(lg_cache *c, const char *kind, uint64_t key,
		       const void *data, size_t len, lg_error *err);
int lg_cache_load_blob(lg_cache *c, const char *kind, uint64_t key,
		       void **data, size_t *len, lg_error *err);

/*
 * Keeps the cache directory under max_bytes: deletes whole entries (with
 * their companions), least recently used first (an entry's time is
 * renewed each time it is loaded), and temporary files left by processes
 * that died more than an hour ago. *removed counts the files deleted.
 */
int lg_cache_prune(const char *dir, uint64_t max_bytes, size_t *removed,
		   lg_error *err);

#endif

/*
 * export_bom.h - what the CycloneDX and SPDX writers share (private):
 * which models a bill of materials holds and in what order, a digest of
 * what it says, and how a model, its author, its licences and its dates
 * are written there.
 *
 * Everything written through these helpers is ASCII that needs no JSON
 * escaping (ids are percent-encoded, licence refs are SPDX idstrings),
 * except where a function says it escapes.
 */
#ifndef LG_EXPORT_BOM_H
#define LG_EXPORT_BOM_H

#include <stddef.h>
#include <stdint.h>

#include "emit.h"
#include "lg_export.h"

/* The models of a BOM: the selected ones and all their ancestors
 * (lg_export_bom_models), in lg_id_compare order. */
typedef struct {
	uint8_t *in;    /* per node: 1 when in the BOM */
	lg_node *order; /* its n models, sorted by id */
	size_t n;
} lg__bom;

#define LG__BOM_INIT { NULL, NULL, 0 }

int lg__bom_init(lg__bom *b, const lg_export_view *v, lg_error *err);
void lg__bom_release(lg__bom *b);

/*
 * A 128-bit digest of everything a BOM of these models says: each
 * model's record fields, its licences as the licence table names them,
 * its parents with their relation and verdict, and lineage's version.
 * The same graph and selection give the same digest. What tells two
 * BOMs apart (a serial number, a namespace) is made from it before the
 * first byte is written, so that a BOM is written in one pass.
 */
void lg__bom_digest(uint64_t out[2], const lg_export_view *v,
		    const lg__bom *b);

/* The digest as an RFC 9562 UUID (version 8: custom), 36 characters. */
void lg__bom_uuid(char out[37], const uint64_t d[2]);

/* "YYYY-MM-DDTHH:MM:SSZ" of an RFC 3339 time in UTC ("2024-04-17T09:35:
 * 12.000Z"), seconds kept, fraction dropped: 1, or 0 when s is none. */
int lg__bom_time(char out[21], const char *s);

/* The newest creation or modification time of the BOM's models: when the
 * data it describes was taken, what it is dated; 0 when none has one. */
int lg__bom_newest(char out[21], const lg_export_view *v, const lg__bom *b);

/* The author of a model: its record's, else its id's namespace; NULL. */
const char *lg__bom_author(const lg_record *rec, char *buf, size_t size);

/* s with every byte but A-Z a-z 0-9 - . _ ~ (and / when keep_slash)
 * percent-encoded (RFC 3986), as purls and URLs want. */
void lg__bom_pct(lg__emitter *e, const char *s, int keep_slash);

/* https://huggingface.co/ID (or /AUTHOR): a model's card, a user's page. */
void lg__bom_hub_url(lg__emitter *e, const char *id);

/*
 * How a Hub id splits into a purl's namespace and name: at its last '/'
 * when every segment is a proper one, else not at all (the whole id is
 * the name, its slashes encoded), so that no two ids share a purl.
 * Returns the length of the namespace, 0 for none.
 */
size_t lg__bom_namespace_len(const char *id);

/* pkg:huggingface/ORG/NAME, unversioned (a listing has no commit sha). */
void lg__bom_purl(lg__emitter *e, const char *id);

/* The SPDX License List id of licence k of ml, or NULL when it has none
 * (then it is a LicenseRef-). */
const char *lg__bom_spdx_id(const lg_model_license *ml, size_t k);

/* Licence k of ml as SPDX writes it: its list id, or LicenseRef-NAME
 * with NAME the licence's id or license_name made an idstring (and, when
 * that changed it, a hash of it added so that names stay apart). */
void lg__bom_license_ref(lg__emitter *e, const lg_model_license *ml,
			 size_t k);

/* The name of licence k of ml for a reader: the Hub's id, or the name the
 * card gave an `other` licence (not escaped). */
const char *lg__bom_license_name(const lg_model_license *ml, size_t k);

/*
 * Where the terms of licence k of ml are, for the model rec that declares
 * it: the card's license_link (absolute, or relative to the repository,
 * as the Hub reads "LICENSE") when the model declares this one licence
 * alone, else the licence table's url; 1 and the URL in buf, or 0.
 */
int lg__bom_license_link(char *buf, size_t size, const lg_record *rec,
			 const lg_model_license *ml, size_t k);

#endif

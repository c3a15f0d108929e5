/*
 * export_impl.h - what the export writers share (private).
 */
#ifndef LG_EXPORT_IMPL_H
#define LG_EXPORT_IMPL_H

#include <stdio.h>

#include "emit.h"
#include "lg_error.h"

/* Ends a writer: LG_EIO with a message if out has seen an error. */
int lg__export_done(FILE *out, lg_error *err);

#endif

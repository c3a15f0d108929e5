/*
 * tempfiles.h - registering a temporary file while it is written, so that
 * lg_remove_temp_files (lineage.h) can remove it on a signal.
 */
#ifndef LG_TEMPFILES_H
#define LG_TEMPFILES_H

/* path (copied) is a temporary file now; call once it is created. */
void lg__temp_add(const char *path);

/* path is renamed or removed: no longer to be removed on a signal. */
void lg__temp_forget(const char *path);

#endif

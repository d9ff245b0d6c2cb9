/*
 * Shared inside src/model only: SQL fragments that several model files must
 * spell identically.  Nothing above the model includes this.
 */
#ifndef GAZETTE_MODEL_INTERNAL_H
#define GAZETTE_MODEL_INTERNAL_H

/*
 * The condition "readers can see this article" for table alias A with the
 * request time bound to parameter P (e.g. GZ_SQL_VISIBLE("a", "?1")).  It
 * must match the WHERE of the partial indexes in sql/001_init.sql word for
 * word, or SQLite will not use them.
 */
#define GZ_SQL_VISIBLE(A, P)                                                                       \
	A ".status IN ('published', 'scheduled') AND " A ".published_at <= " P " "

#endif

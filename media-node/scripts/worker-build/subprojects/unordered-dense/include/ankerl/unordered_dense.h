// Stand-in for ankerl::unordered_dense (https://github.com/martinus/unordered_dense),
// which has no Debian package and cannot be downloaded here.
//
// mediasoup uses it only as a faster drop-in for the standard hash containers:
// map<K, V[, Hash]>, set<K[, Hash]> and hash<T>{}(value) for hash combining.
// The standard containers give the same semantics (mediasoup does not rely on
// unordered_dense's insertion-order iteration or its values() vector), at some
// cost in speed. Iterator invalidation is *weaker* in std::unordered_map (only
// the erased element), so code written for unordered_dense stays correct.
#ifndef COOPE_ANKERL_UNORDERED_DENSE_STANDIN_H
#define COOPE_ANKERL_UNORDERED_DENSE_STANDIN_H

#include <functional>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace ankerl::unordered_dense
{
	// Same template shape as the real one, so user specialisations still compile.
	template<class T, class Enable = void>
	struct hash : std::hash<T>
	{
	};

	template<
	  class Key,
	  class T,
	  class Hash      = hash<Key>,
	  class KeyEqual  = std::equal_to<Key>,
	  class Allocator = std::allocator<std::pair<const Key, T>>>
	using map = std::unordered_map<Key, T, Hash, KeyEqual, Allocator>;

	template<
	  class Key,
	  class Hash      = hash<Key>,
	  class KeyEqual  = std::equal_to<Key>,
	  class Allocator = std::allocator<Key>>
	using set = std::unordered_set<Key, Hash, KeyEqual, Allocator>;
} // namespace ankerl::unordered_dense

#endif

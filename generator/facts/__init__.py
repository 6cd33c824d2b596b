"""What the IR's types admit, read alike by the renderers, the mock and conformance.

``typefacts``: the JSON types a type may take, numeric ranges, whether a value fits a type,
where a response's schema is, how event-stream data is read. ``exclusion``: which ``oneOf``
members are drawn and how they are kept apart. ``styles``: which values of a type a parameter
style writes, and the properties an object type declares, by which an object spread in
exploded ``form`` style is read back. Nothing here renders or serves: the layers above decide
what to do with a fact.
"""

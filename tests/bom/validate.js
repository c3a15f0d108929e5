// tests/bom/validate.js - validates CycloneDX 1.6 JSON files against the
// official schema (bom-1.6, strict: no property it does not define) with
// the validator of @cyclonedx/cyclonedx-library (tests/bom/setup.sh).
//
// Usage: node tests/bom/validate.js FILE...
// Prints "FILE: valid" or "FILE: invalid" and each error; exits 0 when all
// are valid, 1 when one is not, 2 when the validator itself fails.
'use strict'
const fs = require('fs')
const path = require('path')
const { Spec, Validation } = require(path.join(__dirname, 'node_modules',
  '@cyclonedx', 'cyclonedx-library'))

async function main (files) {
  const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6)
  let bad = 0
  for (const file of files) {
    const errors = await validator.validate(fs.readFileSync(file, 'utf8'))
    if (errors === null) {
      console.log(`${file}: valid (CycloneDX ${Spec.Version.v1dot6}, strict JSON schema)`)
      continue
    }
    bad++
    console.log(`${file}: invalid`)
    for (const e of errors.slice(0, 20)) {
      console.log(`  ${e.instancePath || '/'}: ${e.message} ${JSON.stringify(e.params)}`)
    }
  }
  return bad ? 1 : 0
}

main(process.argv.slice(2)).then(
  code => { process.exitCode = code },
  err => { console.error(`validate.js: ${err.stack || err}`); process.exitCode = 2 })

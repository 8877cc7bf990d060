// The consumer's tests ran, all of them: a build that found none would pass as well.
def reports = new File(basedir, 'target/surefire-reports')
assert reports.isDirectory() : 'the consumer ran no tests'
def runs = reports.listFiles().findAll { it.name.endsWith('.txt') }.collect { it.text }
assert runs.size() == 1 : "expected the one test class of the consumer, found ${runs.size()}"
assert runs.every { it.contains('Failures: 0, Errors: 0, Skipped: 0') }
assert runs.any { it.contains('JdbcConsumerTests') && it.contains('Tests run: 2,') }

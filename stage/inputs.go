package stage

// inputNamer is a stage whose configuration may name input files.
type inputNamer interface {
	configInputs(cfg any) []string
}

func (d Def[C]) configInputs(cfg any) []string {
	c, err := d.config(cfg)
	if err != nil || d.ConfigInputs == nil {
		return nil
	}
	return d.ConfigInputs(c)
}

// Inputs are the files a run of st reads: those its configuration names
// (Def.ConfigInputs) followed by the source's, in the order the stage reads
// them.
func Inputs(st Stage, cfg any, files []string) []string {
	var named []string
	if n, ok := st.(inputNamer); ok {
		named = n.configInputs(cfg)
	}
	return append(append([]string{}, named...), files...)
}
